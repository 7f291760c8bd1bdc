using Microsoft.Extensions.Logging;
using OrleansKube.Control.Workloads.DaemonSets;
using OrleansKube.Grains.Hosting;
using OrleansKube.Model.Apps;

namespace OrleansKube.Grains.Workloads;

/// <summary>
/// The DaemonSet controller of one DaemonSet: its pods, its ControllerRevisions and the cluster's nodes as they report
/// (each listed on activation), and <see cref="DaemonSetReconciler"/>.
/// </summary>
public sealed class DaemonSetControllerGrain(SimulationClock clock, ILogger<DaemonSetControllerGrain> logger)
    : ControllerGrainBase<DaemonSet, Pod>(clock, logger), IDaemonSetControllerGrain
{
    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);
    private readonly RevisionView _revisions = new();

    protected override KindInfo ChildKind => Kinds.Pod;

    protected override string Component => "daemonset-controller";

    public Task NodeChangedAsync(Immutable<Node> node)
    {
        _nodes[node.Value.Metadata.Name!] = node.Value;
        RequestSync();
        return Task.CompletedTask;
    }

    public Task NodeRemovedAsync(string name)
    {
        _nodes.Remove(name);
        RequestSync();
        return Task.CompletedTask;
    }

    protected override LabelSelector? SelectorOf(DaemonSet workload) => workload.Spec?.Selector;

    protected override async Task OnListedAsync(DaemonSet workload)
    {
        // Registered first, so no node change falls between the list and the registration.
        await GrainFactory.Get<IDaemonSetRegistryGrain>(0).RegisterAsync(Key.ToString());
        foreach (var node in (await GrainFactory.Get<IApiGrain>(0).ListAsync(new ListQuery(Kinds.Node.Plural, null))).Cast<Node>())
        {
            _nodes.TryAdd(node.Metadata.Name!, node);
        }

        await _revisions.ListAsync(GrainFactory, Key.Namespace, workload.Spec?.Selector);
    }

    protected override bool OnOtherChildChanged(KubeObject child) => _revisions.Seen(child);

    protected override void OnOtherChildGone(string name) => _revisions.Gone(name);

    protected override async Task<(DaemonSet, DateTimeOffset?)> ReconcileAsync(DaemonSet workload)
    {
        var sync = await new DaemonSetReconciler(Control, Expectations).SyncAsync(workload, _nodes.Values, Children.Values, _revisions.Values, Time.GetUtcNow());
        RefreshView(sync.Pods);
        _revisions.Replace(sync.Revisions);
        return (sync.DaemonSet, sync.RequeueAt);
    }

    protected override async Task OnWorkloadDeletedAsync(DaemonSet deleted)
    {
        GrainFactory.Get<IDaemonSetRegistryGrain>(0).UnregisterAsync(Key.ToString()).Ignore();
        await base.OnWorkloadDeletedAsync(deleted);
    }
}
