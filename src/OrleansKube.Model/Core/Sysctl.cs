namespace OrleansKube.Model.Core;

/// <summary>A namespaced kernel parameter set for a pod.</summary>
public sealed record Sysctl
{
    public string Name { get; set; } = "";

    public string Value { get; set; } = "";
}
