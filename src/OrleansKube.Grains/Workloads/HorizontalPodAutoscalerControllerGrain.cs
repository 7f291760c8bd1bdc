using Microsoft.Extensions.Logging;
using OrleansKube.Control.Autoscaling;
using OrleansKube.Grains.Hosting;
using OrleansKube.Model.Autoscaling;

namespace OrleansKube.Grains.Workloads;

/// <summary>
/// The horizontal pod autoscaler of one HorizontalPodAutoscaler: a <see cref="HorizontalPodAutoscalerReconciler"/> pass
/// every sync period (15 s of the simulation clock), as upstream's controller requeues each autoscaler; a change of the
/// autoscaler (or its own status write) does not bring the next pass forward, as upstream's rate-limited queue.
/// </summary>
public sealed class HorizontalPodAutoscalerControllerGrain(SimulationClock clock, ILogger<HorizontalPodAutoscalerControllerGrain> logger)
    : ControllerGrainBase<HorizontalPodAutoscaler, Pod>(clock, logger), IHorizontalPodAutoscalerControllerGrain
{
    private static readonly ReplicaCalculator Calculator = new();

    // Recommendations and scale events, in memory as upstream's controller keeps them.
    private ScalingHistory _history = new();
    private DateTimeOffset? _nextPass;
    private string? _uid;

    protected override KindInfo ChildKind => Kinds.Pod;

    protected override string Component => "horizontal-pod-autoscaler";

    // An autoscaler controls no children: it reads its target's pods at each pass.
    protected override LabelSelector? SelectorOf(HorizontalPodAutoscaler workload) => null;

    protected override async Task<(HorizontalPodAutoscaler, DateTimeOffset?)> ReconcileAsync(HorizontalPodAutoscaler workload)
    {
        var now = Time.GetUtcNow();
        if (_uid != workload.Metadata.Uid)
        {
            // Deleted and made again under the same name: a new autoscaler, with nothing remembered.
            (_uid, _history, _nextPass) = (workload.Metadata.Uid, new ScalingHistory(), null);
        }

        if (_nextPass is { } due && now < due)
        {
            return (workload, due);
        }

        var stored = await new HorizontalPodAutoscalerReconciler(Control, Calculator).SyncAsync(workload, _history, ListPodsAsync, now);
        _nextPass = now + HorizontalPodAutoscalerReconciler.SyncPeriod;
        return (stored, _nextPass);
    }

    private async Task<IReadOnlyList<Pod>> ListPodsAsync(LabelSelector selector)
    {
        var parsed = Model.Selection.LabelSelectors.ToSelector(selector);
        if (parsed == Model.Selection.Selector.Nothing)
        {
            return [];
        }

        var listed = await GrainFactory.Get<IApiGrain>(0).ListAsync(new ListQuery(Kinds.Pod.Plural, Key.Namespace, parsed.ToString()));
        return [.. listed.OfType<Pod>()];
    }
}
