using OrleansKube.Model.Policy;

namespace OrleansKube.Control.Workloads.Disruption;

/// <summary>
/// The budget's DisruptionAllowed condition as upstream's poddisruptionbudget helpers keep it: True with reason
/// SufficientPods while a disruption is allowed, False with InsufficientPods otherwise (SyncFailed when the controller
/// could not compute the status). Its transition time moves only when its status changes (meta.SetStatusCondition).
/// </summary>
public static class DisruptionConditions
{
    public const string DisruptionAllowed = "DisruptionAllowed";
    public const string SufficientPods = "SufficientPods";
    public const string InsufficientPods = "InsufficientPods";
    public const string SyncFailed = "SyncFailed";

    /// <summary>The conditions with DisruptionAllowed set from <see cref="PodDisruptionBudgetStatus.DisruptionsAllowed"/>.</summary>
    public static List<Condition> Updated(PodDisruptionBudgetStatus status, DateTimeOffset now) =>
        status.DisruptionsAllowed > 0
            ? Set(status.Conditions, ConditionStatus.True, SufficientPods, "", status.ObservedGeneration, now)
            : Set(status.Conditions, ConditionStatus.False, InsufficientPods, "", status.ObservedGeneration, now);

    /// <summary>Upstream's ConditionsAreUpToDate: the condition says what disruptionsAllowed says, for the current generation.</summary>
    public static bool UpToDate(PodDisruptionBudget pdb)
    {
        var condition = pdb.Status?.Conditions?.FirstOrDefault(c => c.Type == DisruptionAllowed);
        if (condition is null || pdb.Status!.ObservedGeneration != pdb.Metadata.Generation)
        {
            return false;
        }

        return pdb.Status.DisruptionsAllowed > 0
            ? condition is { Status: ConditionStatus.True, Reason: SufficientPods }
            : condition is { Status: ConditionStatus.False, Reason: InsufficientPods };
    }

    /// <summary>meta.SetStatusCondition: a new list with the condition replaced (transition time kept unless its status changes) or added.</summary>
    public static List<Condition> Set(List<Condition>? conditions, ConditionStatus status, string reason, string message, long? observedGeneration, DateTimeOffset now)
    {
        var list = conditions is null ? [] : new List<Condition>(conditions);
        var at = list.FindIndex(c => c.Type == DisruptionAllowed);
        var transition = at >= 0 && list[at].Status == status ? list[at].LastTransitionTime : Store.ObjectLifecycle.TruncateToSeconds(now);
        var condition = new Condition { Type = DisruptionAllowed, Status = status, Reason = reason, Message = message, ObservedGeneration = observedGeneration, LastTransitionTime = transition };
        if (at >= 0)
        {
            list[at] = condition;
        }
        else
        {
            list.Add(condition);
        }

        return list;
    }
}
