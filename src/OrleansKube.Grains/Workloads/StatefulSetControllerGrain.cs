using Microsoft.Extensions.Logging;
using OrleansKube.Control.Workloads.StatefulSets;
using OrleansKube.Grains.Hosting;
using OrleansKube.Model.Apps;

namespace OrleansKube.Grains.Workloads;

/// <summary>
/// The StatefulSet controller of one StatefulSet: its pods as they report, its expectations, the templates of the revisions
/// it has seen (in memory: upstream's ControllerRevisions are not stored), and <see cref="StatefulSetReconciler"/>.
/// </summary>
public sealed class StatefulSetControllerGrain(SimulationClock clock, ILogger<StatefulSetControllerGrain> logger)
    : ControllerGrainBase<StatefulSet, Pod>(clock, logger), IStatefulSetControllerGrain
{
    private readonly Dictionary<string, PodTemplateSpec> _revisions = new(StringComparer.Ordinal);

    protected override KindInfo ChildKind => Kinds.Pod;

    protected override string Component => "statefulset-controller";

    protected override LabelSelector? SelectorOf(StatefulSet workload) => workload.Spec?.Selector;

    protected override async Task<(StatefulSet, DateTimeOffset?)> ReconcileAsync(StatefulSet workload)
    {
        var revision = StatefulPods.RevisionOf(workload, workload.Spec?.Template);
        if (workload.Spec?.Template is { } template && !_revisions.ContainsKey(revision))
        {
            // Kept as long as upstream keeps ControllerRevisions: the history limit, plus the current and update ones.
            if (_revisions.Count > (workload.Spec.RevisionHistoryLimit ?? 10) + 1)
            {
                _revisions.Remove(_revisions.Keys.First(k => k != workload.Status?.CurrentRevision));
            }

            _revisions[revision] = template;
        }

        var sync = await new StatefulSetReconciler(Control, Expectations).SyncAsync(workload, Children.Values, _revisions, Time.GetUtcNow());
        RefreshView(sync.Pods);
        return (sync.StatefulSet, sync.RequeueAt);
    }
}
