namespace OrleansKube.Control.Storage;

/// <summary>The annotations upstream's volume binding writes on claims and volumes.</summary>
public static class VolumeAnnotations
{
    /// <summary>On a claim of a WaitForFirstConsumer class: the node the scheduler chose for its first pod.</summary>
    public const string SelectedNode = "volume.kubernetes.io/selected-node";

    /// <summary>On a claim: the provisioner asked to make its volume.</summary>
    public const string StorageProvisioner = "volume.kubernetes.io/storage-provisioner";

    public const string BindCompleted = "pv.kubernetes.io/bind-completed";

    public const string BoundByController = "pv.kubernetes.io/bound-by-controller";

    /// <summary>The zone label a provisioned volume's node affinity names.</summary>
    public const string ZoneLabel = "topology.kubernetes.io/zone";
}
