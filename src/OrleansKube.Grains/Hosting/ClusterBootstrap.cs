using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansKube.Grains.Hosting;

/// <summary>When the silo becomes active: the system namespaces and priority classes, then the nodes of the cluster profile.</summary>
public sealed partial class ClusterBootstrap(IGrainFactory grains, IOptions<OrleansKubeOptions> options, Scheduling.SchedulerDirectory schedulers, SimulationClock clock, ILogger<ClusterBootstrap> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly string[] SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ClusterBootstrap), ServiceLifecycleStage.Active, BootstrapAsync, _ =>
        {
            // Before grains deactivate: kubelet and controller timers must not wake them on a stopping silo.
            clock.Stop();
            return Task.CompletedTask;
        });

    private async Task BootstrapAsync(CancellationToken cancellationToken)
    {
        // Every scheduler shard is up before nodes and pods start messaging them: a shard's first activation
        // raced by one-way calls from both a kubelet and a sibling shard has been seen to stall the kubelet's call.
        await Task.WhenAll(schedulers.SchedulerNames.SelectMany(schedulers.AllShards)
            .Select(shard => grains.GetGrain<ISchedulerShardGrain>(shard.ToString()).GetStatsAsync()));
        if (schedulers.LedgerInUse)
        {
            await grains.GetGrain<ITopologyLedgerGrain>(0).GetCountsAsync();
        }

        await grains.GetGrain<INodeLifecycleControllerGrain>(0).StartAsync();
        var api = grains.GetGrain<IApiGrain>(0);
        var namespaces = SystemNamespaces.Select(name => (KubeObject)new Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new ObjectMeta { Name = name } }).ToList();
        await ApplyAsync(api, [.. namespaces, .. PriorityAdmission.SystemClasses]);
        if (options.Value.Profile is not { } profile)
        {
            return;
        }

        var nodes = profile.CreateNodes().Cast<KubeObject>().ToList();
        foreach (var batch in nodes.Chunk(500))
        {
            await ApplyAsync(api, [.. batch]);
        }

        LogNodesCreated(logger, nodes.Count, profile.Name);
    }

    // Every silo of a cluster bootstraps the same objects: one that another silo created meanwhile is applied again (unchanged).
    private static async Task ApplyAsync(IApiGrain api, List<KubeObject> objects)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await api.ApplyAsync(objects, ApplyMode.Apply);
                return;
            }
            catch (ApiException e) when (e.Reason is ApiErrorReason.AlreadyExists or ApiErrorReason.Conflict && attempt < 5)
            {
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster profile {Profile}: {Count} nodes registered")]
    private static partial void LogNodesCreated(ILogger logger, int count, string profile);
}
