namespace OrleansKube.Model.Networking;

public sealed record IngressPortStatus
{
    public int Port { get; set; }

    public Protocol? Protocol { get; set; }

    public string? Error { get; set; }
}
