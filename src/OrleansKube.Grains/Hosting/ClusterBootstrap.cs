using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansKube.Grains.Hosting;

/// <summary>When the silo becomes active: the system namespaces and priority classes, the simulated ingress controller's default IngressClass, the simulated provisioner's default StorageClass, kube-system's pods (when shown), then the nodes of the cluster profile.</summary>
public sealed partial class ClusterBootstrap(IGrainFactory grains, IOptions<OrleansKubeOptions> options, Scheduling.SchedulerDirectory schedulers, InitialSilos initialSilos, SimulationClock clock, ControlPlane.ControlPlanePods controlPlane, ILogger<ClusterBootstrap> logger)
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
        // Nothing of this silo's own before the initial silos are there, so what starts now spreads over them (ShardSlots).
        await initialSilos.JoinedAsync().WaitAsync(cancellationToken);
        await Task.WhenAll(schedulers.SchedulerNames.SelectMany(schedulers.AllShards)
            .Select(shard => grains.GetGrain<ISchedulerShardGrain>(shard.ToString()).GetStatsAsync()));
        if (schedulers.LedgerInUse)
        {
            await grains.GetGrain<ITopologyLedgerGrain>(0).GetCountsAsync();
        }

        await grains.GetGrain<INodeLifecycleControllerGrain>(0).StartAsync();
        var api = grains.GetGrain<IApiGrain>(0);
        var namespaces = SystemNamespaces.Select(name => (KubeObject)new Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new ObjectMeta { Name = name } }).ToList();
        await ApplyAsync(api, [.. namespaces, .. PriorityAdmission.SystemClasses, Control.Networking.IngressAddresses.DefaultClass, Control.Storage.StorageClasses.DefaultClass]);
        await controlPlane.PublishAsync(objects => ApplyAsync(api, objects));
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

    // Every silo of a cluster bootstraps the same objects, each object on its own (per-object apply): one another
    // silo created or changed meanwhile is applied again, alone; a call lost to a silo that left while this one joined
    // (Orleans re-routes the next) is sent again. Applying is idempotent, so a repeat changes nothing.
    private static async Task ApplyAsync(IApiGrain api, List<KubeObject> objects)
    {
        const int attempts = 10;
        for (var attempt = 1; objects.Count > 0; attempt++)
        {
            List<ApplyOutcome> outcomes;
            try
            {
                outcomes = await api.ApplyAsync(objects, ApplyMode.Apply, perObject: true);
            }
            catch (Exception e) when (e is SiloUnavailableException or TimeoutException && attempt < attempts)
            {
                continue;
            }

            var raced = outcomes.Where(o => o.Verb == ApplyOutcome.Failed).ToList();
            if (raced.FirstOrDefault(o => o.Reason is not (ApiErrorReason.AlreadyExists or ApiErrorReason.Conflict) || attempt == attempts) is { } failed)
            {
                throw new ApiException(failed.Reason ?? ApiErrorReason.InternalError, failed.Error ?? failed.ToString());
            }

            var again = raced.Select(o => (o.Resource, o.Name)).ToHashSet();
            objects = [.. objects.Where(o => again.Contains((Kinds.Of(o).QualifiedResource, o.Metadata.Name!)))];
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster profile {Profile}: {Count} nodes registered")]
    private static partial void LogNodesCreated(ILogger logger, int count, string profile);
}
