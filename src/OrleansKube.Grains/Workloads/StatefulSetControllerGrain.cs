using Microsoft.Extensions.Logging;
using OrleansKube.Control.Workloads.StatefulSets;
using OrleansKube.Grains.Hosting;
using OrleansKube.Model.Apps;

namespace OrleansKube.Grains.Workloads;

/// <summary>
/// The StatefulSet controller of one StatefulSet: its pods as they report, its expectations, its ControllerRevisions (listed
/// on activation, then as they report), and <see cref="StatefulSetReconciler"/>.
/// </summary>
[Scheduling.NamespaceSlotPlacement] // with its namespace's watch cache partition, when caches are partitioned (its pods start beside it)
public sealed class StatefulSetControllerGrain(SimulationClock clock, ILogger<StatefulSetControllerGrain> logger)
    : ControllerGrainBase<StatefulSet, Pod>(clock, logger), IStatefulSetControllerGrain
{
    private readonly RevisionView _revisions = new();

    protected override KindInfo ChildKind => Kinds.Pod;

    protected override string Component => "statefulset-controller";

    protected override LabelSelector? SelectorOf(StatefulSet workload) => workload.Spec?.Selector;

    protected override Task OnListedAsync(StatefulSet workload) => _revisions.ListAsync(GrainFactory, Key.Namespace, workload.Spec?.Selector);

    protected override bool OnOtherChildChanged(KubeObject child) => _revisions.Seen(child);

    protected override void OnOtherChildGone(string name) => _revisions.Gone(name);

    protected override async Task<(StatefulSet, DateTimeOffset?)> ReconcileAsync(StatefulSet workload)
    {
        var sync = await new StatefulSetReconciler(Control, Expectations).SyncAsync(workload, Children.Values, _revisions.Values, Time.GetUtcNow());
        RefreshView(sync.Pods);
        _revisions.Replace(sync.Revisions);
        return (sync.StatefulSet, sync.RequeueAt);
    }
}
