namespace OrleansKube.Model.Core;

/// <summary>The ConfigMap an <see cref="EnvFromSource"/> reads.</summary>
public sealed record ConfigMapEnvSource
{
    public string? Name { get; set; }

    public bool? Optional { get; set; }
}
