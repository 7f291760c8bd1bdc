namespace OrleansKube.Model.Core;

/// <summary>A resolver option (<c>ndots</c>, <c>edns0</c>).</summary>
public sealed record PodDNSConfigOption
{
    public string? Name { get; set; }

    public string? Value { get; set; }
}
