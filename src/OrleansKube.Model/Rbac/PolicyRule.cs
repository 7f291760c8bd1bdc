namespace OrleansKube.Model.Rbac;

/// <summary>What a role allows: verbs on resources of API groups (or on non-resource URLs).</summary>
public sealed record PolicyRule
{
    public List<string> Verbs { get; set; } = [];

    public List<string>? ApiGroups { get; set; }

    public List<string>? Resources { get; set; }

    public List<string>? ResourceNames { get; set; }

    public List<string>? NonResourceURLs { get; set; }
}
