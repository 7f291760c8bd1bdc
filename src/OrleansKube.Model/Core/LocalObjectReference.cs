namespace OrleansKube.Model.Core;

/// <summary>An object of the same namespace, by name (an image pull secret).</summary>
public sealed record LocalObjectReference
{
    public string? Name { get; set; }
}
