using OrleansKube.Control.Workloads.Deployments;
using OrleansKube.Model.Policy;

namespace OrleansKube.Control.Workloads.Disruption;

/// <summary>
/// The disruption controller's pass for one PodDisruptionBudget (upstream's pkg/controller/disruption): from the pods its
/// selector picks it computes how many are healthy (Ready, not being deleted, not granted an eviction in the last two
/// minutes), how many must be (minAvailable as an integer; a percentage, or maxUnavailable, of the replicas the pods'
/// controllers ask for) and so how many disruptions are allowed, and writes the status when it changed. The write carries
/// the budget's resourceVersion: an eviction that charged the budget meanwhile makes it a conflict, and the pass runs
/// again on the newer copy instead of handing the eviction's disruption back. A pass that writes records upstream's
/// events (<see cref="DisruptionEvents"/>): NoPods, UnmanagedPods, CalculateExpectedPodCountFailed, NotDeleted.
/// </summary>
public sealed class DisruptionReconciler(IObjectControl control)
{
    /// <summary>How long an eviction granted by the API counts its pod as disrupted before the controller gives up waiting for its deletion.</summary>
    public static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Whether the expected pod count comes from the pods' controllers (maxUnavailable, or a percentage) rather than the pods found.</summary>
    public static bool NeedsScale(PodDisruptionBudgetSpec? spec) => spec?.MaxUnavailable is not null || spec?.MinAvailable is { IsInt: false };

    /// <summary>
    /// The status the budget should have, and when to look again (a granted eviction whose pod is not yet being deleted
    /// expires). <paramref name="scaleOf"/> finds the scale of a pod's controller (null: none known). Throws
    /// <see cref="InvalidOperationException"/> when the expected count cannot be computed (a controlled pod whose
    /// controller has no scale), as upstream's sync fails.
    /// </summary>
    public static (PodDisruptionBudgetStatus Status, DateTimeOffset? RecheckAt) Desired(PodDisruptionBudget pdb, IReadOnlyCollection<Pod> pods, Func<Pod, ControllerScale?> scaleOf, DateTimeOffset now) =>
        Desired(pdb, pods, scaleOf, now, null);

    /// <summary>As <see cref="Desired(PodDisruptionBudget, IReadOnlyCollection{Pod}, Func{Pod, ControllerScale?}, DateTimeOffset)"/>, collecting the events upstream's sync records on the way.</summary>
    private static (PodDisruptionBudgetStatus Status, DateTimeOffset? RecheckAt) Desired(PodDisruptionBudget pdb, IReadOnlyCollection<Pod> pods, Func<Pod, ControllerScale?> scaleOf, DateTimeOffset now, List<DisruptionEvent>? events)
    {
        List<string> unmanaged = [];
        var (expected, desiredHealthy) = ExpectedCount(pdb.Spec, pods, scaleOf, unmanaged);
        if (unmanaged.Count > 0)
        {
            events?.Add(DisruptionEvents.UnmanagedPods(pdb));
        }

        var (disrupted, recheckAt) = DisruptedPods(pdb, pods, now, events);
        var currentHealthy = pods.Count(p => IsHealthy(p, disrupted, now));
        var allowed = currentHealthy - desiredHealthy;
        if (expected <= 0 || allowed <= 0)
        {
            // A budget that selects no pods yet is safe when its first pods appear before the next pass.
            allowed = 0;
        }

        return (new PodDisruptionBudgetStatus
        {
            ObservedGeneration = pdb.Metadata.Generation,
            DisruptedPods = disrupted,
            DisruptionsAllowed = allowed,
            CurrentHealthy = currentHealthy,
            DesiredHealthy = desiredHealthy,
            ExpectedPods = expected,
            Conditions = pdb.Status?.Conditions,
        }, recheckAt);
    }

    /// <summary>One pass: writes the status when it changed; returns the budget as stored and when to look again.</summary>
    public async Task<(PodDisruptionBudget Stored, DateTimeOffset? RequeueAt)> SyncAsync(PodDisruptionBudget pdb, IReadOnlyCollection<Pod> pods, Func<Pod, ControllerScale?> scaleOf, DateTimeOffset now)
    {
        PodDisruptionBudgetStatus status;
        DateTimeOffset? recheckAt;
        List<DisruptionEvent> events = [];
        if (pods.Count == 0)
        {
            events.Add(DisruptionEvents.NoPods(pdb));
        }

        try
        {
            (status, recheckAt) = Desired(pdb, pods, scaleOf, now, events);
        }
        catch (InvalidOperationException e)
        {
            events.Add(DisruptionEvents.CalculateExpectedPodCountFailed(pdb, e.Message));
            Record(events);

            // Upstream's failSafe: allow nothing rather than a stale number, and say why; then try again later.
            var failed = (pdb.Status ?? new PodDisruptionBudgetStatus()) with { DisruptionsAllowed = 0 };
            failed.Conditions = DisruptionConditions.Set(failed.Conditions, ConditionStatus.False, DisruptionConditions.SyncFailed, e.Message, failed.ObservedGeneration, now);
            return (await WriteAsync(pdb, failed), now);
        }

        if (pdb.Status is { } current && current.CurrentHealthy == status.CurrentHealthy && current.DesiredHealthy == status.DesiredHealthy
            && current.ExpectedPods == status.ExpectedPods && current.DisruptionsAllowed == status.DisruptionsAllowed
            && SameDisruptedPods(current.DisruptedPods, status.DisruptedPods) && DisruptionConditions.UpToDate(pdb))
        {
            return (pdb, recheckAt);
        }

        // The events of a pass that writes: upstream records them every sync, and its recorder folds the repeats of
        // the passes between into the first one's count; here a pass that changes nothing repeats nothing.
        Record(events);
        status.Conditions = DisruptionConditions.Updated(status, now);
        return (await WriteAsync(pdb, status), recheckAt);
    }

    /// <summary>
    /// (expectedPods, desiredHealthy) as upstream's getExpectedPodCount; <paramref name="unmanaged"/> collects the pods
    /// without a controller whose scale was asked for.
    /// </summary>
    public static (int Expected, int DesiredHealthy) ExpectedCount(PodDisruptionBudgetSpec? spec, IReadOnlyCollection<Pod> pods, Func<Pod, ControllerScale?> scaleOf, List<string>? unmanaged = null)
    {
        if (spec?.MaxUnavailable is { } maxUnavailable)
        {
            var expected = ExpectedScale(pods, scaleOf, unmanaged);
            return (expected, Math.Max(0, expected - RolloutMath.ScaledValue(maxUnavailable, expected, roundUp: true)));
        }

        return spec?.MinAvailable switch
        {
            { IntValue: { } count } => (pods.Count, count),
            { } percent when ExpectedScale(pods, scaleOf, unmanaged) is var expected => (expected, RolloutMath.ScaledValue(percent, expected, roundUp: true)),
            _ => (0, 0),
        };
    }

    /// <summary>The sum of the scales of the pods' controllers, each counted once; pods without a controller are left out.</summary>
    private static int ExpectedScale(IReadOnlyCollection<Pod> pods, Func<Pod, ControllerScale?> scaleOf, List<string>? unmanaged)
    {
        var scales = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (ControllerRefs.ControllerOf(pod) is null)
            {
                unmanaged?.Add(pod.Metadata.Name!);
                continue; // unmanaged: upstream warns (UnmanagedPods) and counts what it can
            }

            var scale = scaleOf(pod) ?? throw new InvalidOperationException($"found no controllers for pod \"{pod.Metadata.Name}\"");
            scales.TryAdd(scale.Uid, scale.Replicas);
        }

        return scales.Values.Sum();
    }

    private static bool IsHealthy(Pod pod, Dictionary<string, DateTimeOffset>? disrupted, DateTimeOffset now) =>
        pod.Metadata.DeletionTimestamp is null
        && !(disrupted is not null && disrupted.TryGetValue(pod.Metadata.Name!, out var at) && at + DeletionTimeout > now)
        && PodStates.IsReady(pod);

    /// <summary>The granted evictions still awaited: pods that exist and are not yet being deleted, within the timeout.</summary>
    private static (Dictionary<string, DateTimeOffset>? Map, DateTimeOffset? RecheckAt) DisruptedPods(PodDisruptionBudget pdb, IReadOnlyCollection<Pod> pods, DateTimeOffset now, List<DisruptionEvent>? events)
    {
        var granted = pdb.Status?.DisruptedPods;
        if (granted is not { Count: > 0 })
        {
            return (null, null);
        }

        var kept = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        DateTimeOffset? recheckAt = null;
        foreach (var pod in pods)
        {
            if (pod.Metadata.DeletionTimestamp is not null || !granted.TryGetValue(pod.Metadata.Name!, out var at))
            {
                continue;
            }

            if (at + DeletionTimeout < now)
            {
                events?.Add(DisruptionEvents.NotDeleted(pdb, pod));
                continue;
            }

            kept[pod.Metadata.Name!] = at;
            recheckAt = recheckAt is { } r && r <= at + DeletionTimeout ? r : at + DeletionTimeout;
        }

        return (kept.Count == 0 ? null : kept, recheckAt);
    }

    private static bool SameDisruptedPods(Dictionary<string, DateTimeOffset>? a, Dictionary<string, DateTimeOffset>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || a.All(e => b!.TryGetValue(e.Key, out var at) && at == e.Value));

    private void Record(List<DisruptionEvent> events)
    {
        foreach (var e in events)
        {
            control.RecordEvent(e.Involved, e.Type, e.Reason, e.Message);
        }
    }

    private async Task<PodDisruptionBudget> WriteAsync(PodDisruptionBudget pdb, PodDisruptionBudgetStatus status) =>
        (PodDisruptionBudget)await control.UpdateStatusAsync(pdb with { Status = status });
}
