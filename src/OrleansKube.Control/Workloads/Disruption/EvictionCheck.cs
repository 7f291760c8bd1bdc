using OrleansKube.Control.Store;
using OrleansKube.Model.Policy;
using OrleansKube.Model.Selection;

namespace OrleansKube.Control.Workloads.Disruption;

/// <summary>What the eviction subresource does with one pod.</summary>
public enum EvictionAction
{
    /// <summary>Evict now: no budget covers the pod, or it may go whatever the budget says.</summary>
    Evict,

    /// <summary>Write the charged budget (conditional on its resourceVersion), then evict.</summary>
    Charge,

    /// <summary>Refuse with the error.</summary>
    Refuse,
}

/// <summary>The decision, with the budget to write (<see cref="EvictionAction.Charge"/>) or the refusal.</summary>
public sealed record EvictionVerdict(EvictionAction Action, PodDisruptionBudget? Budget = null, ApiError? Error = null);

/// <summary>
/// Upstream's eviction subresource (pkg/registry/core/pod/storage/eviction.go) as a pure decision: a pod that is
/// finished, pending or already being deleted goes without looking at budgets; more than one budget selecting the pod
/// is a 500; a pod that is not Ready goes under AlwaysAllow, or under IfHealthyBudget while the budget's application
/// is healthy (currentHealthy ≥ desiredHealthy &gt; 0); otherwise the budget must allow a disruption, which the eviction
/// takes (disruptionsAllowed − 1, the pod in disruptedPods) so that a second eviction cannot spend it again.
/// </summary>
public static class EvictionCheck
{
    public const string ViolationMessage = "Cannot evict pod as it would violate the pod's disruption budget.";
    public const string MultipleBudgetsMessage = "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";
    public const string DisruptionBudgetCause = "DisruptionBudget";

    /// <summary>Upstream's MaxDisruptedPodSize: evictions granted but not yet seen by the controller, past which the API refuses.</summary>
    public const int MaxDisruptedPods = 2000;

    /// <summary>Pods evicted without a budget check: they are finished, not yet running, or already going.</summary>
    public static bool CanIgnoreBudgets(Pod pod) =>
        pod.Status?.Phase is PodPhase.Succeeded or PodPhase.Failed or PodPhase.Pending or null || pod.Metadata.DeletionTimestamp is not null;

    /// <summary>Whether a budget selects the pod: a null or empty selector selects nothing here, as upstream's eviction says.</summary>
    public static bool Selects(PodDisruptionBudget pdb, Pod pod)
    {
        if (pdb.Metadata.Namespace != pod.Metadata.Namespace || pdb.Spec?.Selector is not { } selector)
        {
            return false;
        }

        var parsed = LabelSelectors.ToSelector(selector);
        return !parsed.IsEverything && parsed != Selector.Nothing && parsed.Matches(pod.Metadata.Labels);
    }

    public static EvictionVerdict Decide(Pod pod, IEnumerable<PodDisruptionBudget> budgets, DateTimeOffset now)
    {
        if (CanIgnoreBudgets(pod))
        {
            return new EvictionVerdict(EvictionAction.Evict);
        }

        var selecting = budgets.Where(b => Selects(b, pod)).Take(2).ToList();
        if (selecting.Count > 1)
        {
            return new EvictionVerdict(EvictionAction.Refuse, Error: new ApiError(ApiErrorReason.InternalError, MultipleBudgetsMessage));
        }

        if (selecting.Count == 0)
        {
            return new EvictionVerdict(EvictionAction.Evict);
        }

        var pdb = selecting[0];
        var status = pdb.Status ?? new PodDisruptionBudgetStatus();
        if (!PodStates.IsReady(pod)
            && (pdb.Spec?.UnhealthyPodEvictionPolicy == UnhealthyPodEvictionPolicyType.AlwaysAllow
                || (status.CurrentHealthy >= status.DesiredHealthy && status.DesiredHealthy > 0)))
        {
            // It does not count as healthy: taking it away disrupts nothing the budget protects.
            return new EvictionVerdict(EvictionAction.Evict);
        }

        return CheckAndDecrement(pdb, status, pod.Metadata.Name!, now);
    }

    private static EvictionVerdict CheckAndDecrement(PodDisruptionBudget pdb, PodDisruptionBudgetStatus status, string podName, DateTimeOffset now)
    {
        var name = pdb.Metadata.Name!;
        if ((status.ObservedGeneration ?? 0) < (pdb.Metadata.Generation ?? 0))
        {
            return TooManyRequests($"The disruption budget {name} is still being processed by the server.");
        }

        if (status.DisruptionsAllowed < 0)
        {
            return Forbidden(name, "pdb disruptions allowed is negative");
        }

        if ((status.DisruptedPods?.Count ?? 0) > MaxDisruptedPods)
        {
            return Forbidden(name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
        }

        if (status.DisruptionsAllowed == 0)
        {
            return TooManyRequests($"The disruption budget {name} needs {status.DesiredHealthy} healthy pods and has {status.CurrentHealthy} currently");
        }

        var charged = status with
        {
            DisruptionsAllowed = status.DisruptionsAllowed - 1,
            DisruptedPods = new Dictionary<string, DateTimeOffset>(status.DisruptedPods ?? [], StringComparer.Ordinal) { [podName] = ObjectLifecycle.TruncateToSeconds(now) },
        };
        if (charged.DisruptionsAllowed == 0)
        {
            charged.Conditions = DisruptionConditions.Updated(charged, now);
        }

        return new EvictionVerdict(EvictionAction.Charge, Budget: pdb with { Status = charged });
    }

    private static EvictionVerdict TooManyRequests(string cause) =>
        new(EvictionAction.Refuse, Error: new ApiError(ApiErrorReason.TooManyRequests, ViolationMessage) { Causes = [cause], CauseType = DisruptionBudgetCause });

    private static EvictionVerdict Forbidden(string name, string reason) =>
        new(EvictionAction.Refuse, Error: new ApiError(ApiErrorReason.Forbidden, $"poddisruptionbudget.policy \"{name}\" is forbidden: {reason}"));
}
