namespace OrleansKube.Model.Core;

/// <summary>The Secret an <see cref="EnvFromSource"/> reads.</summary>
public sealed record SecretEnvSource
{
    public string? Name { get; set; }

    public bool? Optional { get; set; }
}
