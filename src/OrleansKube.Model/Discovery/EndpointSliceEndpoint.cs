namespace OrleansKube.Model.Discovery;

/// <summary>Upstream's discovery/v1 Endpoint (named apart from core/v1's Endpoints types).</summary>
public sealed record EndpointSliceEndpoint
{
    public List<string> Addresses { get; set; } = [];

    public EndpointConditions? Conditions { get; set; }

    public string? Hostname { get; set; }

    public ObjectReference? TargetRef { get; set; }

    /// <summary>Deprecated upstream (read zone instead); stored as written.</summary>
    public Dictionary<string, string>? DeprecatedTopology { get; set; }

    public string? NodeName { get; set; }

    public string? Zone { get; set; }

    public EndpointHints? Hints { get; set; }
}
