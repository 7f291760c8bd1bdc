namespace OrleansKube.Model.Core;

/// <summary>A load balancer port's status (stored as written).</summary>
public sealed record PortStatus
{
    public int Port { get; set; }

    public Protocol? Protocol { get; set; }

    public string? Error { get; set; }
}
