namespace OrleansKube.Grains.Abstractions;

/// <summary>A list request: kind, namespace (null: all namespaces), and selectors in their string forms.</summary>
[GenerateSerializer]
[Alias("OrleansKube.ListQuery")]
[Immutable]
public sealed record ListQuery(
    [property: Id(0)] string Kind,
    [property: Id(1)] string? Namespace,
    [property: Id(2)] string? LabelSelector = null,
    [property: Id(3)] string? FieldSelector = null);
