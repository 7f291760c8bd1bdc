namespace OrleansKube.Model.Core;

/// <summary>The kubelet's report on its dynamic configuration (stored as written).</summary>
public sealed record NodeConfigStatus
{
    public NodeConfigSource? Assigned { get; set; }

    public NodeConfigSource? Active { get; set; }

    public NodeConfigSource? LastKnownGood { get; set; }

    public string? Error { get; set; }
}
