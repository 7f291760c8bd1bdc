namespace OrleansKube.Model.Core;

/// <summary>A Secret by name and namespace (a volume source's credentials).</summary>
public sealed record SecretReference
{
    public string? Name { get; set; }

    public string? Namespace { get; set; }
}
