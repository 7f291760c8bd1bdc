using System.Text.Json;
using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Control.Scheduling.Plugins.DefaultPreemption;
using OrleansKube.Control.Scheduling.Plugins.ImageLocality;
using OrleansKube.Control.Scheduling.Plugins.InterPodAffinity;
using OrleansKube.Control.Scheduling.Plugins.NodeAffinity;
using OrleansKube.Control.Scheduling.Plugins.NodeName;
using OrleansKube.Control.Scheduling.Plugins.NodePorts;
using OrleansKube.Control.Scheduling.Plugins.NodeResourcesBalancedAllocation;
using OrleansKube.Control.Scheduling.Plugins.NodeResourcesFit;
using OrleansKube.Control.Scheduling.Plugins.NodeUnschedulable;
using OrleansKube.Control.Scheduling.Plugins.PodTopologySpread;
using OrleansKube.Control.Scheduling.Plugins.SelectorSpread;
using OrleansKube.Control.Scheduling.Plugins.TaintToleration;
using OrleansKube.Control.Scheduling.Plugins.VolumeBinding;

namespace OrleansKube.Control.Scheduling.Configuration;

/// <summary>Every plugin by its upstream name, upstream's default profile (order and score weights), and profile building.</summary>
public static class PluginRegistry
{
    /// <summary>Upstream's default plugins in filter order, with their default score weights (0: not a score plugin by default).</summary>
    public static readonly IReadOnlyList<(string Name, int Weight)> DefaultPlugins =
    [
        (NodeUnschedulablePlugin.PluginName, 0),
        (NodeNamePlugin.PluginName, 0),
        (TaintTolerationPlugin.PluginName, 3),
        (NodeAffinityPlugin.PluginName, 2),
        (NodePortsPlugin.PluginName, 0),
        (NodeResourcesFitPlugin.PluginName, 1),
        (VolumeBindingPlugin.PluginName, 0),
        (PodTopologySpreadPlugin.PluginName, 2),
        (InterPodAffinityPlugin.PluginName, 2),
        (NodeResourcesBalancedAllocationPlugin.PluginName, 1),
        (ImageLocalityPlugin.PluginName, 1),
        (DefaultPreemptionPlugin.PluginName, 0),
    ];

    private static readonly Dictionary<string, Func<JsonElement?, IPlugin>> Factories = new(StringComparer.Ordinal)
    {
        [NodeUnschedulablePlugin.PluginName] = _ => new NodeUnschedulablePlugin(),
        [NodeNamePlugin.PluginName] = _ => new NodeNamePlugin(),
        [TaintTolerationPlugin.PluginName] = _ => new TaintTolerationPlugin(),
        [NodeAffinityPlugin.PluginName] = _ => new NodeAffinityPlugin(),
        [NodePortsPlugin.PluginName] = _ => new NodePortsPlugin(),
        [NodeResourcesFitPlugin.PluginName] = args => new NodeResourcesFitPlugin(FitStrategy(args)),
        [PodTopologySpreadPlugin.PluginName] = args => new PodTopologySpreadPlugin(
            args is not { } a || !a.TryGetProperty("defaultingType", out var d) || d.GetString() != "List"),
        [InterPodAffinityPlugin.PluginName] = args => new InterPodAffinityPlugin(
            args is { } a && a.TryGetProperty("hardPodAffinityWeight", out var w) ? w.GetInt32() : 1),
        [NodeResourcesBalancedAllocationPlugin.PluginName] = _ => new NodeResourcesBalancedAllocationPlugin(),
        [ImageLocalityPlugin.PluginName] = _ => new ImageLocalityPlugin(),
        [VolumeBindingPlugin.PluginName] = _ => new VolumeBindingPlugin(),
        [SelectorSpreadPlugin.PluginName] = _ => new SelectorSpreadPlugin(),
        [DefaultPreemptionPlugin.PluginName] = _ => new DefaultPreemptionPlugin(),
    };

    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>The default profile for <paramref name="schedulerName"/>.</summary>
    public static SchedulerProfile DefaultProfile(string schedulerName = "default-scheduler") =>
        BuildProfile(new ProfileConfiguration { SchedulerName = schedulerName }, SchedulerConfiguration.Default);

    /// <summary>Applies a profile's multiPoint/filter/score enable and disable lists to upstream's defaults.</summary>
    public static SchedulerProfile BuildProfile(ProfileConfiguration profile, SchedulerConfiguration config)
    {
        var plugins = DefaultPlugins.Select(p => (p.Name, Weight: p.Weight)).ToList();
        var filterDisabled = new HashSet<string>(StringComparer.Ordinal);
        var sets = profile.Plugins;
        Apply(sets?.MultiPoint, plugins, setWeight: true);
        Apply(sets?.Score, plugins, setWeight: true, scoreOnly: true);
        foreach (var disabled in sets?.Filter?.Disabled ?? [])
        {
            filterDisabled.Add(Known(disabled.Name));
        }

        foreach (var enabled in sets?.Filter?.Enabled ?? [])
        {
            if (!plugins.Any(p => p.Name == Known(enabled.Name)))
            {
                plugins.Add((enabled.Name, 0));
            }
        }

        var postFilterDisabled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var disabled in sets?.PostFilter?.Disabled ?? [])
        {
            postFilterDisabled.Add(disabled.Name == "*" ? DefaultPreemptionPlugin.PluginName : Known(disabled.Name));
        }

        var args = (profile.PluginConfig ?? []).ToDictionary(c => Known(c.Name), c => c.Args, StringComparer.Ordinal);
        var built = plugins.Select(p => (Plugin: Factories[p.Name](args.GetValueOrDefault(p.Name)), p.Weight)).ToList();
        return new SchedulerProfile(
            profile.SchedulerName,
            built,
            profile.PercentageOfNodesToScore ?? config.PercentageOfNodesToScore,
            filterDisabled,
            postFilterDisabled);
    }

    private static void Apply(PluginSet? set, List<(string Name, int Weight)> plugins, bool setWeight, bool scoreOnly = false)
    {
        foreach (var disabled in set?.Disabled ?? [])
        {
            if (disabled.Name == "*")
            {
                if (scoreOnly)
                {
                    for (var i = 0; i < plugins.Count; i++)
                    {
                        plugins[i] = (plugins[i].Name, 0);
                    }
                }
                else
                {
                    plugins.Clear();
                }

                continue;
            }

            var name = Known(disabled.Name);
            var index = plugins.FindIndex(p => p.Name == name);
            if (index >= 0)
            {
                if (scoreOnly)
                {
                    plugins[index] = (name, 0);
                }
                else
                {
                    plugins.RemoveAt(index);
                }
            }
        }

        foreach (var enabled in set?.Enabled ?? [])
        {
            var name = Known(enabled.Name);
            var weight = enabled.Weight ?? Math.Max(1, DefaultPlugins.FirstOrDefault(p => p.Name == name).Weight);
            if (enabled.Weight is < 0 or > 100)
            {
                throw new ArgumentException($"plugins.score.enabled[{name}].weight: Invalid value: {enabled.Weight}: must be in the range [0, 100]");
            }

            var index = plugins.FindIndex(p => p.Name == name);
            if (index >= 0)
            {
                plugins[index] = (name, setWeight ? weight : plugins[index].Weight);
            }
            else
            {
                plugins.Add((name, weight));
            }
        }
    }

    private static string Known(string name) =>
        Factories.ContainsKey(name) ? name : throw new ArgumentException($"plugin \"{name}\" does not exist (known plugins: {string.Join(", ", Factories.Keys.Order(StringComparer.Ordinal))})");

    private static ScoringStrategy FitStrategy(JsonElement? args)
    {
        if (args is not { } a || !a.TryGetProperty("scoringStrategy", out var s))
        {
            return new ScoringStrategy();
        }

        var strategy = new ScoringStrategy();
        if (s.TryGetProperty("type", out var type))
        {
            strategy = strategy with
            {
                Type = Enum.TryParse<ScoringStrategyType>(type.GetString(), out var parsed) ? parsed
                    : throw new ArgumentException($"pluginConfig[NodeResourcesFit].args.scoringStrategy.type: Unsupported value: \"{type.GetString()}\": supported values: \"LeastAllocated\", \"MostAllocated\", \"RequestedToCapacityRatio\""),
            };
        }

        if (s.TryGetProperty("resources", out var resources))
        {
            strategy = strategy with { Resources = [.. resources.EnumerateArray().Select(r => (r.GetProperty("name").GetString()!, r.TryGetProperty("weight", out var w) ? w.GetInt64() : 1L))] };
        }

        if (s.TryGetProperty("requestedToCapacityRatio", out var ratio) && ratio.TryGetProperty("shape", out var shape))
        {
            strategy = strategy with { Shape = [.. shape.EnumerateArray().Select(p => (p.GetProperty("utilization").GetInt64(), p.GetProperty("score").GetInt64())).OrderBy(p => p.Item1)] };
        }

        return strategy;
    }
}
