namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 HostIP (stored and returned as written).</summary>
public sealed record HostIP
{
    public string? Ip { get; set; }
}
