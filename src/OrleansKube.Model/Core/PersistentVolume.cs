namespace OrleansKube.Model.Core;

/// <summary>core/v1 PersistentVolume (cluster-scoped): a piece of storage a claim binds to.</summary>
public sealed record PersistentVolume : KubeObject
{
    /// <summary>The annotation a dynamically provisioned volume carries: the provisioner's name.</summary>
    public const string ProvisionedByAnnotation = "pv.kubernetes.io/provisioned-by";

    public PersistentVolumeSpec? Spec { get; set; }

    public PersistentVolumeStatus? Status { get; set; }
}
