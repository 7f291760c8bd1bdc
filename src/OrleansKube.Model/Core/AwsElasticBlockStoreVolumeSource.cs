namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 AWSElasticBlockStoreVolumeSource (stored and returned as written).</summary>
public sealed record AwsElasticBlockStoreVolumeSource
{
    public string? VolumeID { get; set; }

    public string? FsType { get; set; }

    public int? Partition { get; set; }

    public bool? ReadOnly { get; set; }
}
