namespace OrleansKube.Model.Core;

/// <summary>ClientIP session affinity's timeout (upstream's default: 10800 s).</summary>
public sealed record ClientIPConfig
{
    public int? TimeoutSeconds { get; set; }
}
