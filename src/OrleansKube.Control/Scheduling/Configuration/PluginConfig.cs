using System.Text.Json;

namespace OrleansKube.Control.Scheduling.Configuration;

public sealed record PluginConfig
{
    public string Name { get; set; } = "";

    public JsonElement? Args { get; set; }
}
