namespace OrleansKube.Model.Core;

public sealed record ContainerPort
{
    public string? Name { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("containerPort")]
    public int Port { get; set; }

    public int? HostPort { get; set; }

    public Protocol? Protocol { get; set; }
}
