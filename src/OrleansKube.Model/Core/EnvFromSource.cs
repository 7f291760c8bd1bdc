namespace OrleansKube.Model.Core;

/// <summary>Every key of a ConfigMap or Secret as environment variables, each name with an optional prefix.</summary>
public sealed record EnvFromSource
{
    public string? Prefix { get; set; }

    public ConfigMapEnvSource? ConfigMapRef { get; set; }

    public SecretEnvSource? SecretRef { get; set; }
}
