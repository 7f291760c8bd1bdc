using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Model.Policy;
using OrleansKube.Model.Selection;

namespace OrleansKube.Control.Scheduling.Plugins.DefaultPreemption;

/// <summary>
/// Upstream's filterPodsWithPDBViolation: walking the potential victims in order, each takes one disruption from every
/// budget that selects it (a pod already in a budget's disruptedPods takes none: the API has granted its eviction);
/// a victim that takes a budget below zero would violate it. Order is kept within each group.
/// </summary>
public static class BudgetViolations
{
    public static (List<PodInfo> Violating, List<PodInfo> NonViolating) Split(IReadOnlyList<PodInfo> pods, IReadOnlyList<PodDisruptionBudget> budgets)
    {
        if (budgets.Count == 0)
        {
            return ([], [.. pods]);
        }

        var allowed = budgets.Select(b => b.Status?.DisruptionsAllowed ?? 0).ToArray();
        var selectors = budgets.Select(b => b.Spec?.Selector is { } s ? LabelSelectors.ToSelector(s) : Selector.Nothing).ToArray();
        var violating = new List<PodInfo>();
        var nonViolating = new List<PodInfo>();
        foreach (var pod in pods)
        {
            var violated = false;
            var meta = pod.Pod.Metadata;
            if (meta.Labels is { Count: > 0 })
            {
                for (var i = 0; i < budgets.Count; i++)
                {
                    // A budget with a null or empty selector selects nothing here, as upstream's preemption.
                    if (budgets[i].Metadata.Namespace != meta.Namespace || selectors[i].IsEverything || selectors[i] == Selector.Nothing
                        || !selectors[i].Matches(meta.Labels) || budgets[i].Status?.DisruptedPods?.ContainsKey(meta.Name!) == true)
                    {
                        continue;
                    }

                    violated |= --allowed[i] < 0;
                }
            }

            (violated ? violating : nonViolating).Add(pod);
        }

        return (violating, nonViolating);
    }
}
