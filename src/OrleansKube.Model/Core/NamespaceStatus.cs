namespace OrleansKube.Model.Core;

public sealed record NamespaceStatus
{
    public string? Phase { get; set; }
}
