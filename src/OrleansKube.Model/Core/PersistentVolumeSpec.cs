namespace OrleansKube.Model.Core;

public sealed record PersistentVolumeSpec
{
    public Dictionary<string, Quantity>? Capacity { get; set; }

    public List<PersistentVolumeAccessMode>? AccessModes { get; set; }

    public ObjectReference? ClaimRef { get; set; }

    public PersistentVolumeReclaimPolicy? PersistentVolumeReclaimPolicy { get; set; }

    public string? StorageClassName { get; set; }

    public List<string>? MountOptions { get; set; }

    public PersistentVolumeMode? VolumeMode { get; set; }

    public VolumeNodeAffinity? NodeAffinity { get; set; }

    public string? VolumeAttributesClassName { get; set; }

    public HostPathVolumeSource? HostPath { get; set; }

    public LocalVolumeSource? Local { get; set; }

    public CsiPersistentVolumeSource? Csi { get; set; }
}
