using OrleansKube.Control.Workloads.Deployments;
using OrleansKube.Control.Workloads.History;
using OrleansKube.Model.Apps;
using OrleansKube.Model.Selection;

namespace OrleansKube.Control.Workloads.DaemonSets;

/// <summary>
/// One pass of the DaemonSet controller: one pod on every node that should run it (created in slow-start batches),
/// none where it should not (or where it is failed, or a duplicate), and — under RollingUpdate — pods of an old
/// template replaced at most maxUnavailable at a time (OnDelete waits for the user). Status as upstream counts it.
/// </summary>
public sealed class DaemonSetReconciler(IObjectControl control, ControllerExpectations expectations)
{
    /// <summary>One pass; <paramref name="revisions"/> are the ControllerRevisions seen (the DaemonSet's own, and orphans it may adopt).</summary>
    public async Task<DaemonSetSync> SyncAsync(DaemonSet ds, IReadOnlyCollection<Node> nodes, IReadOnlyCollection<Pod> candidates, IReadOnlyCollection<ControllerRevision> revisions, DateTimeOffset now)
    {
        var spec = ds.Spec ?? new DaemonSetSpec();
        var claim = ControllerRefs.Claim(ds, LabelSelectors.ToSelector(spec.Selector), candidates);
        var pods = claim.Claimed;
        var deleting = ds.Metadata.DeletionTimestamp is not null;
        var owned = await ControllerHistory.ClaimAsync(control, ds, spec.Selector, revisions);

        // Once per pass, not per node: the history is the template's.
        var history = deleting ? null : await DaemonSetHistory.ConstructAsync(control, ds, owned);
        var hash = history is null ? PodTemplateHash.Compute(spec.Template ?? new PodTemplateSpec(), ds.Status?.CollisionCount) : DaemonSetHistory.HashOf(history.Current);
        IReadOnlyList<ControllerRevision> kept = owned;
        var minReady = spec.MinReadySeconds ?? 0;
        var byNode = pods.Where(p => p.Metadata.DeletionTimestamp is null && DaemonPods.TargetNode(p) is not null)
            .GroupBy(p => DaemonPods.TargetNode(p)!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.Metadata.CreationTimestamp).ThenBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);

        var create = new List<string>();
        var delete = new List<Pod>();
        int desired = 0, current = 0, misscheduled = 0, ready = 0, updated = 0, available = 0;
        var oldPods = new List<Pod>();
        var unavailableNow = 0;
        foreach (var node in nodes.OrderBy(n => n.Metadata.Name, StringComparer.Ordinal))
        {
            var name = node.Metadata.Name!;
            var (shouldRun, shouldContinue) = DaemonPods.Placement(ds, node);
            var here = byNode.GetValueOrDefault(name) ?? [];
            var running = here.Where(p => !PodStates.IsTerminal(p)).ToList();
            delete.AddRange(here.Where(p => p.Status?.Phase == PodPhase.Failed)); // failed daemon pods are replaced
            if (shouldRun)
            {
                desired++;
            }

            if (running.Count > 0 && !shouldContinue)
            {
                misscheduled += shouldRun ? 0 : 1;
                delete.AddRange(running);
                continue;
            }

            if (running.Count == 0)
            {
                if (shouldRun)
                {
                    create.Add(name);
                    unavailableNow++;
                }

                continue;
            }

            if (!shouldRun)
            {
                misscheduled++;
                continue;
            }

            current++;
            delete.AddRange(running.Skip(1)); // the oldest stays
            var pod = running[0];
            var isReady = PodStates.IsReady(pod);
            var isAvailable = PodStates.IsAvailable(pod, minReady, now);
            ready += isReady ? 1 : 0;
            available += isAvailable ? 1 : 0;
            unavailableNow += isAvailable ? 0 : 1;
            if (pod.Metadata.Labels?.GetValueOrDefault(DaemonPods.RevisionHashLabel) == hash)
            {
                updated++;
            }
            else
            {
                oldPods.Add(pod);
            }
        }

        // Pods whose node is gone go too.
        delete.AddRange(byNode.Where(g => nodes.All(n => n.Metadata.Name != g.Key)).SelectMany(g => g.Value));

        if (expectations.Satisfied(now) && history is not null)
        {
            if (spec.UpdateStrategy?.Type is null or DaemonSetUpdateStrategyType.RollingUpdate)
            {
                var maxUnavailable = Math.Max(0, RolloutMath.ScaledValue(spec.UpdateStrategy?.RollingUpdate?.MaxUnavailable ?? 1, desired, roundUp: true));
                maxUnavailable = maxUnavailable == 0 && desired > 0 ? 1 : maxUnavailable;

                // Unavailable old pods go first; then available ones while the budget lasts.
                foreach (var old in oldPods.OrderBy(p => PodStates.IsAvailable(p, minReady, now)))
                {
                    var wasAvailable = PodStates.IsAvailable(old, minReady, now);
                    if (wasAvailable && unavailableNow >= maxUnavailable)
                    {
                        break;
                    }

                    delete.Add(old);
                    unavailableNow += wasAvailable ? 1 : 0;
                }
            }

            await ManageAsync(ds, create, delete.Distinct().ToList(), hash, now);
            kept = await DaemonSetHistory.CleanupAsync(control, ds, pods, history);
        }
        else if (history is not null)
        {
            kept = [.. history.Old, history.Current];
        }

        var status = new DaemonSetStatus
        {
            DesiredNumberScheduled = desired,
            CurrentNumberScheduled = current,
            NumberMisscheduled = misscheduled,
            NumberReady = ready,
            UpdatedNumberScheduled = updated,
            NumberAvailable = available,
            NumberUnavailable = desired - available,
            ObservedGeneration = ds.Metadata.Generation,
            CollisionCount = ds.Status?.CollisionCount,
            Conditions = ds.Status?.Conditions,
        };
        var stored = ds;
        if (!StatusComparison.Same(ds.Status, status))
        {
            stored = (DaemonSet)await control.UpdateStatusAsync(ds with { Status = status });
        }

        var requeue = pods.Where(PodStates.IsActive).Select(p => PodStates.AvailableAt(p, minReady, now)).Where(t => t is not null).Min();
        return new DaemonSetSync(stored, pods, requeue, kept);
    }

    private async Task ManageAsync(DaemonSet ds, List<string> create, List<Pod> delete, string hash, DateTimeOffset now)
    {
        var pods = new PodControl(control, expectations);
        await pods.DeleteAsync(ds, delete, now);
        await pods.CreateAsync(ds, create.Count, i => DaemonPods.NewPod(ds, create[i], hash), now);
    }
}
