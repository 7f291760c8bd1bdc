using System.Text;
using OrleansKube.Model.Policy;

namespace OrleansKube.Control.Workloads.Disruption;

/// <summary>The events upstream's disruption controller records in a sync, with its reasons and wording (what <c>kubectl describe pdb</c> shows).</summary>
public static class DisruptionEvents
{
    public static DisruptionEvent NoPods(PodDisruptionBudget pdb) => new(pdb, "Normal", "NoPods", "No matching pods found");

    public static DisruptionEvent CalculateExpectedPodCountFailed(PodDisruptionBudget pdb, string error) =>
        new(pdb, "Warning", "CalculateExpectedPodCountFailed", $"Failed to calculate the number of expected pods: {error}");

    public static DisruptionEvent UnmanagedPods(PodDisruptionBudget pdb) =>
        new(pdb, "Warning", "UnmanagedPods", $"Pods selected by this PodDisruptionBudget (selector: {GoString(pdb.Spec?.Selector)}) were found "
            + "to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. "
            + "To account for these pods please set \".spec.minAvailable\" field of the PDB to an integer value.");

    /// <summary>On the pod. Upstream formats the budget as namespace/namespace (its arguments repeat the namespace); kept, as users see it.</summary>
    public static DisruptionEvent NotDeleted(PodDisruptionBudget pdb, Pod pod) =>
        new(pod, "Warning", "NotDeleted", $"Pod was expected by PDB {pdb.Metadata.Namespace}/{pdb.Metadata.Namespace} to be deleted but it wasn't");

    /// <summary>A selector as Go's <c>%v</c> prints upstream's generated <c>*LabelSelector</c>: labels sorted by key.</summary>
    public static string GoString(LabelSelector? selector)
    {
        if (selector is null)
        {
            return "nil";
        }

        var text = new StringBuilder("&LabelSelector{MatchLabels:map[string]string{");
        foreach (var (key, value) in (selector.MatchLabels ?? []).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append(": ").Append(value).Append(',');
        }

        text.Append("},MatchExpressions:[]LabelSelectorRequirement{");
        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            text.Append("LabelSelectorRequirement{Key:").Append(requirement.Key)
                .Append(",Operator:").Append(requirement.Operator)
                .Append(",Values:[").AppendJoin(' ', requirement.Values ?? []).Append("],},");
        }

        return text.Append("},}").ToString();
    }
}
