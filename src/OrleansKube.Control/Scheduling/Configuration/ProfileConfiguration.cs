namespace OrleansKube.Control.Scheduling.Configuration;

/// <summary>One scheduler profile: upstream's fields plus <c>shards</c>, how many scheduler shard grains share its nodes.</summary>
public sealed record ProfileConfiguration
{
    public string SchedulerName { get; set; } = "default-scheduler";

    public int? PercentageOfNodesToScore { get; set; }

    public int? Shards { get; set; }

    public ProfilePlugins? Plugins { get; set; }

    public List<PluginConfig>? PluginConfig { get; set; }
}
