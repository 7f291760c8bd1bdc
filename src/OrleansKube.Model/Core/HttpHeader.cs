namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 HTTPHeader (stored and returned as written).</summary>
public sealed record HttpHeader
{
    public string Name { get; set; } = "";

    public string? Value { get; set; }
}
