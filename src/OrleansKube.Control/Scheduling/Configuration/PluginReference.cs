namespace OrleansKube.Control.Scheduling.Configuration;

/// <summary>A plugin named in a profile, with its score weight when enabled for scoring.</summary>
public sealed record PluginReference
{
    public string Name { get; set; } = "";

    public int? Weight { get; set; }
}
