namespace OrleansKube.Model.Discovery;

/// <summary>Hints for topology-aware routing of one endpoint (stored as written: no proxy reads them).</summary>
public sealed record EndpointHints
{
    public List<ForZone>? ForZones { get; set; }
}
