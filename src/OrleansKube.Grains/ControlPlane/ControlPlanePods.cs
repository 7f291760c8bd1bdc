using Microsoft.Extensions.Options;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Objects;
using OrleansKube.Manifests.ControlPlane;

namespace OrleansKube.Grains.ControlPlane;

/// <summary>
/// This silo's control-plane node as <c>kube-system</c> shows it (with <see cref="OrleansKubeOptions.SystemPods"/>): the
/// mirror pods of its kube-apiserver, etcd, kube-scheduler and kube-controller-manager, reported Running by the node's
/// kubelet, and their logs — what this silo's control plane does (leadership won and lost, scheduler shards, resyncs).
/// Leader election identities start with <see cref="NodeName"/>, so a Lease's holder names the pods of the leader.
/// </summary>
public sealed class ControlPlanePods(IGrainFactory grains, ILocalSiloDetails silo, SimulationClock clock, IOptions<OrleansKubeOptions> options, Scheduling.SchedulerDirectory schedulers)
{
    private const string LeaderElectionSource = "leaderelection.go:271";

    /// <summary>The control-plane node this silo stands for (<c>silo-127-0-0-1-11111</c>).</summary>
    public string NodeName { get; } = ControlPlaneManifests.NodeName(silo.SiloAddress.Endpoint);

    // When the silo's control plane started: its components' start-up lines are of that instant.
    private readonly DateTimeOffset _startedAt = clock.Time.GetUtcNow();

    private string HostIP => silo.SiloAddress.Endpoint.Address.ToString();

    private bool Enabled => options.Value.SystemPods;

    /// <summary>
    /// Applies the cluster's add-ons (every silo applies the same objects; applying again changes nothing) and this
    /// silo's mirror pods, reports them Running, and writes each component's start-up lines.
    /// </summary>
    public async Task PublishAsync(Func<List<KubeObject>, Task> apply)
    {
        if (!Enabled)
        {
            return;
        }

        var now = clock.Time.GetUtcNow();
        var o = options.Value;
        await apply([.. ControlPlaneManifests.Addons(o.ServiceClusterIpRange)]);
        var pods = ControlPlaneManifests.MirrorPods(NodeName, HostIP, o.ServiceClusterIpRange, now);
        await apply([.. pods]);

        // The kubelet of a control-plane node reports its static pods' status (one report per pod, as for any pod).
        var incarnation = DateTime.UtcNow.Ticks;
        foreach (var pod in pods)
        {
            await ObjectGrains.Pod(grains, pod.Metadata.Namespace!, pod.Metadata.Name!)
                .ReportStatusAsync(ControlPlaneManifests.RunningStatus(pod, HostIP, now).AsImmutable(), incarnation, 1);
        }

        Log("etcd", 'I', "etcd.go:140", _startedAt, o.Redis is { } redis
            ? $"\"objects are kept in Redis\" address=\"{redis}\" prefix=\"{o.StoragePrefix}\""
            : "\"objects are kept in grain memory only (no durable store): a silo's objects go with it\"");
        Log("kube-apiserver", 'I', "server.go:145", _startedAt, $"Version: {ControlPlaneManifests.Version}");
        Log("kube-apiserver", 'I', "server.go:151", _startedAt, $"\"Silo joined the cluster\" silo=\"{silo.SiloAddress.Endpoint}\" gateway=\"{silo.GatewayAddress?.Endpoint}\"");
        Log("kube-scheduler", 'I', "server.go:167", _startedAt, $"\"Starting Kubernetes Scheduler\" version=\"{ControlPlaneManifests.Version}\"");
        foreach (var name in schedulers.SchedulerNames)
        {
            Log("kube-scheduler", 'I', "shards.go:42", _startedAt, $"\"Scheduler profile sharded\" profile=\"{name}\" shards={schedulers.AllShards(name).Count()}");
        }

        Log("kube-controller-manager", 'I', "controllermanager.go:198", _startedAt, $"\"Starting\" version=\"{ControlPlaneManifests.Version}\"");
        foreach (var lease in new[] { "kube-scheduler", "kube-controller-manager" })
        {
            Log(lease, 'I', "leaderelection.go:257", _startedAt, $"attempting to acquire leader lease kube-system/{lease}...");
        }
    }

    /// <summary>Leader election's lines in the component that holds <paramref name="lease"/> (named after it).</summary>
    public void LeaseAcquired(string lease) => Log(lease, 'I', LeaderElectionSource, $"successfully acquired lease kube-system/{lease}");

    public void LeaseLost(string lease, string reason)
    {
        Log(lease, 'E', "leaderelection.go:332", $"failed to renew lease kube-system/{lease}: {reason}");
        Log(lease, 'I', "server.go:287", "\"Leaderelection lost\"");
    }

    /// <summary>A line in <paramref name="component"/>'s log on this silo's node (nothing when kube-system's pods are off).</summary>
    public void Log(string component, char severity, string source, string message) => Log(component, severity, source, clock.Time.GetUtcNow(), message);

    private void Log(string component, char severity, string source, DateTimeOffset now, string message)
    {
        if (!Enabled)
        {
            return;
        }

        grains.GetGrain<IControlPlaneLogGrain>($"{ControlPlaneManifests.Namespace}/{ControlPlaneManifests.MirrorPodName(component, NodeName)}")
            .AppendAsync(now, ControlPlaneManifests.KlogLine(severity, now, source, message)).Ignore();
    }

    /// <summary>
    /// Deletes the mirror pods of control-plane nodes that are no longer in the cluster (their silo died or left): the
    /// elected controller-manager's work, as upstream's pod garbage collector deletes the pods of a deleted node. Returns
    /// how many this pass deleted (one already gone is not counted).
    /// </summary>
    public async Task<int> RemoveGoneAsync(IReadOnlyCollection<string> liveNodes)
    {
        if (!Enabled)
        {
            return 0;
        }

        var api = grains.GetGrain<IApiGrain>(0);
        var pods = await api.ListAsync(new ListQuery(Kinds.Pod.Plural, ControlPlaneManifests.Namespace, "tier=control-plane"));
        var gone = pods.OfType<Pod>()
            .Where(p => p.Metadata.Annotations?.ContainsKey("kubernetes.io/config.mirror") == true && !liveNodes.Contains(p.Spec.NodeName ?? ""))
            .ToList();
        var deleted = 0;
        foreach (var pod in gone)
        {
            try
            {
                await api.DeleteAsync(Kinds.Pod.Plural, pod.Metadata.Namespace, pod.Metadata.Name!, gracePeriodSeconds: 0);
                deleted++;
            }
            catch (ApiException e) when (e.Reason == ApiErrorReason.NotFound)
            {
                // Deleted meanwhile (by a pass that overlapped this one): gone all the same.
            }
        }

        return deleted;
    }
}
