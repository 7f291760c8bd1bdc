namespace OrleansKube.Control.Scheduling.Configuration;

/// <summary>Upstream's <c>plugins</c> block: multiPoint applies everywhere, filter and score refine one point.</summary>
public sealed record ProfilePlugins
{
    public PluginSet? MultiPoint { get; set; }

    public PluginSet? Filter { get; set; }

    public PluginSet? PostFilter { get; set; }

    public PluginSet? Score { get; set; }
}
