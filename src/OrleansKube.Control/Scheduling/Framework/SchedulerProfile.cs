namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>One scheduler (by <c>schedulerName</c>): its plugins at each extension point, score weights and node-sampling rule.</summary>
public sealed class SchedulerProfile
{
    public SchedulerProfile(string schedulerName, IEnumerable<(IPlugin Plugin, int Weight)> plugins, int? percentageOfNodesToScore = null, IReadOnlySet<string>? filterDisabled = null, IReadOnlySet<string>? postFilterDisabled = null)
    {
        SchedulerName = schedulerName;
        PercentageOfNodesToScore = percentageOfNodesToScore;
        var list = plugins.ToList();
        PreFilter = [.. list.Select(p => p.Plugin).OfType<IPreFilterPlugin>()];
        Filter = [.. list.Select(p => p.Plugin).OfType<IFilterPlugin>().Where(p => filterDisabled?.Contains(p.Name) != true)];
        PostFilter = [.. list.Select(p => p.Plugin).OfType<IPostFilterPlugin>().Where(p => postFilterDisabled?.Contains(p.Name) != true)];
        PreScore = [.. list.Select(p => p.Plugin).OfType<IPreScorePlugin>()];
        Score = [.. list.Where(p => p.Plugin is IScorePlugin && p.Weight > 0).Select(p => ((IScorePlugin)p.Plugin, p.Weight))];
        PluginNames = [.. list.Select(p => p.Plugin.Name)];
    }

    public string SchedulerName { get; }

    /// <summary>Null: upstream's adaptive default.</summary>
    public int? PercentageOfNodesToScore { get; }

    public IReadOnlyList<IPreFilterPlugin> PreFilter { get; }

    public IReadOnlyList<IFilterPlugin> Filter { get; }

    /// <summary>Run when a pod fits no node (preemption).</summary>
    public IReadOnlyList<IPostFilterPlugin> PostFilter { get; }

    public IReadOnlyList<IPreScorePlugin> PreScore { get; }

    public IReadOnlyList<(IScorePlugin Plugin, int Weight)> Score { get; }

    public IReadOnlyList<string> PluginNames { get; }
}
