namespace OrleansKube.Model.Networking;

public sealed record IngressServiceBackend
{
    public string? Name { get; set; }

    public ServiceBackendPort? Port { get; set; }
}
