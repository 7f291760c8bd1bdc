namespace OrleansKube.Model.Discovery;

/// <summary>Upstream's discovery/v1 EndpointPort (named apart from core/v1's).</summary>
public sealed record EndpointSlicePort
{
    public string? Name { get; set; }

    public int? Port { get; set; }

    public Protocol? Protocol { get; set; }

    public string? AppProtocol { get; set; }
}
