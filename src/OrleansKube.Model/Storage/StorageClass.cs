namespace OrleansKube.Model.Storage;

/// <summary>storage.k8s.io/v1 StorageClass (cluster-scoped): how volumes for the claims naming it are provisioned.</summary>
public sealed record StorageClass : KubeObject
{
    /// <summary>The annotation that marks the class claims without a class get (value <c>true</c>).</summary>
    public const string IsDefaultClassAnnotation = "storageclass.kubernetes.io/is-default-class";

    public string Provisioner { get; set; } = "";

    public Dictionary<string, string>? Parameters { get; set; }

    public PersistentVolumeReclaimPolicy? ReclaimPolicy { get; set; }

    public List<string>? MountOptions { get; set; }

    public bool? AllowVolumeExpansion { get; set; }

    public VolumeBindingMode? VolumeBindingMode { get; set; }

    public List<TopologySelectorTerm>? AllowedTopologies { get; set; }
}
