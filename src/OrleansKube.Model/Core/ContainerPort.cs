namespace OrleansKube.Model.Core;

public sealed record ContainerPort
{
    public string? Name { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("containerPort")]
    public int Port { get; set; }

    public int? HostPort { get; set; }

    /// <summary>The host address a <see cref="HostPort"/> binds (none: every address, 0.0.0.0).</summary>
    public string? HostIP { get; set; }

    public Protocol? Protocol { get; set; }
}
