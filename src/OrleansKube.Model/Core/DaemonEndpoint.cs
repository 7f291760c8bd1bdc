using System.Text.Json.Serialization;

namespace OrleansKube.Model.Core;

public sealed record DaemonEndpoint
{
    /// <summary>Capitalised in JSON, as upstream spells it.</summary>
    [JsonPropertyName("Port")]
    public int Port { get; set; }
}
