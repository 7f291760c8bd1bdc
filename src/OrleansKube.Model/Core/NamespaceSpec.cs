namespace OrleansKube.Model.Core;

public sealed record NamespaceSpec
{
    public List<string>? Finalizers { get; set; }
}
