namespace OrleansKube.Model.Core;

/// <summary>An OCI image or artifact mounted as a volume (stored and returned as written).</summary>
public sealed record ImageVolumeSource
{
    public string? Reference { get; set; }

    public PullPolicy? PullPolicy { get; set; }
}
