namespace OrleansKube.Model.Core;

/// <summary>An AWS EBS volume (stored as written).</summary>
public sealed record AwsElasticBlockStoreVolumeSource
{
    public string VolumeID { get; set; } = "";

    public string? FsType { get; set; }

    public int? Partition { get; set; }

    public bool? ReadOnly { get; set; }
}
