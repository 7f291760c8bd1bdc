namespace OrleansKube.Control.Scheduling.Configuration;

public sealed record PluginSet
{
    public List<PluginReference>? Enabled { get; set; }

    public List<PluginReference>? Disabled { get; set; }
}
