namespace OrleansKube.Model.Core;

public sealed record EndpointPort
{
    public string? Name { get; set; }

    public int Port { get; set; }

    public Protocol? Protocol { get; set; }

    public string? AppProtocol { get; set; }
}
