using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using OrleansKube.Control.Scheduling.Configuration;
using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Control.Simulation;
using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Scheduling;

/// <summary>
/// Which schedulers this cluster runs and how each is sharded: where a pending pod starts, which shard
/// caches a node, and the framework each shard runs. Pods naming another scheduler stay Pending for an
/// external scheduler to bind, as upstream.
/// </summary>
public sealed class SchedulerDirectory(IOptions<OrleansKubeOptions> options)
{
    private readonly SchedulerConfiguration _config = options.Value.Scheduler;
    private readonly int? _seed = options.Value.Seed;
    private readonly Dictionary<string, ProfileConfiguration> _profiles =
        (options.Value.Scheduler.Profiles ?? []).ToDictionary(p => p.SchedulerName, StringComparer.Ordinal);

    public IEnumerable<string> SchedulerNames => _profiles.Keys;

    public bool IsServed([NotNullWhen(true)] string? schedulerName) => schedulerName is not null && _profiles.ContainsKey(schedulerName);

    public int Shards(string schedulerName) => _profiles[schedulerName].Shards ?? _config.Shards ?? 1;

    /// <summary>Whether any scheduler is sharded, and so admits its binds at the topology ledger, which kubelets then keep current.</summary>
    public bool LedgerInUse => _profiles.Keys.Any(name => Shards(name) > 1);

    public ShardKey PodShard(string schedulerName, string podKey) => ShardKey.ForPod(schedulerName, podKey, Shards(schedulerName));

    /// <summary>The shard of every scheduler whose cache holds <paramref name="nodeName"/>.</summary>
    public IEnumerable<ShardKey> NodeShards(string nodeName) =>
        _profiles.Keys.Select(name => ShardKey.ForNode(name, nodeName, Shards(name)));

    public IEnumerable<ShardKey> AllShards(string schedulerName) =>
        Enumerable.Range(0, Shards(schedulerName)).Select(shard => new ShardKey(schedulerName, shard));

    /// <summary>A shard's own framework, with its own random stream: a shard's tie-breaks follow from the seed and its key alone.</summary>
    public SchedulingFramework CreateFramework(ShardKey shard) =>
        new(PluginRegistry.BuildProfile(_profiles[shard.SchedulerName], _config), Seeds.SchedulerShard(_seed, shard.SchedulerName, shard.Shard));
}
