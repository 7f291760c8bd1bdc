namespace OrleansKube.Model.Core;

public sealed record PersistentVolumeClaimSpec
{
    public List<PersistentVolumeAccessMode>? AccessModes { get; set; }

    public LabelSelector? Selector { get; set; }

    public VolumeResourceRequirements? Resources { get; set; }

    public string? VolumeName { get; set; }

    public string? StorageClassName { get; set; }

    public PersistentVolumeMode? VolumeMode { get; set; }

    public TypedLocalObjectReference? DataSource { get; set; }

    public TypedObjectReference? DataSourceRef { get; set; }

    public string? VolumeAttributesClassName { get; set; }
}
