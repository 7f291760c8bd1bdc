using OrleansKube.Control.Scheduling;
using OrleansKube.Model.Apps;
using OrleansKube.Model.Selection;

namespace OrleansKube.Control.Workloads.DaemonSets;

/// <summary>
/// Which nodes a DaemonSet's pod belongs on (nodeSelector, required node affinity, NoSchedule/NoExecute taints),
/// and the pod made for one node: pinned by a required node-affinity term on the node's name (so the default
/// scheduler places it, as since v1.12) and carrying upstream's DaemonSet tolerations.
/// </summary>
public static class DaemonPods
{
    public const string RevisionHashLabel = "controller-revision-hash";
    public const string TemplateGenerationLabel = "pod-template-generation";

    private static readonly (string Key, TaintEffect Effect)[] AddedTolerations =
    [
        ("node.kubernetes.io/not-ready", TaintEffect.NoExecute),
        ("node.kubernetes.io/unreachable", TaintEffect.NoExecute),
        ("node.kubernetes.io/disk-pressure", TaintEffect.NoSchedule),
        ("node.kubernetes.io/memory-pressure", TaintEffect.NoSchedule),
        ("node.kubernetes.io/pid-pressure", TaintEffect.NoSchedule),
        ("node.kubernetes.io/unschedulable", TaintEffect.NoSchedule),
    ];

    /// <summary>(should run a new pod here, may keep a running one here): upstream's NodeShouldRunDaemonPod.</summary>
    public static (bool ShouldRun, bool ShouldContinueRunning) Placement(DaemonSet ds, Node node)
    {
        var spec = WithDaemonTolerations(ds.Spec?.Template?.Spec ?? new PodSpec());
        var name = node.Metadata.Name!;
        var labels = node.Metadata.Labels;
        if (spec.NodeSelector is { Count: > 0 } selector && !selector.All(s => labels?.GetValueOrDefault(s.Key) == s.Value))
        {
            return (false, false);
        }

        if (spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution is { } required && !NodeSelectorMatcher.For(required).Matches(name, labels))
        {
            return (false, false);
        }

        var shouldRun = true;
        foreach (var taint in node.Spec?.Taints ?? [])
        {
            if (taint.Effect is TaintEffect.NoSchedule or TaintEffect.NoExecute && !Tolerations.ToleratesAll(spec.Tolerations, taint))
            {
                if (taint.Effect == TaintEffect.NoExecute)
                {
                    return (false, false);
                }

                shouldRun = false; // NoSchedule: no new pod, but a running one may stay
            }
        }

        return (shouldRun, true);
    }

    /// <summary>Whether a node's change can change where daemon pods belong: it joined, or its labels, taints or cordon changed.</summary>
    public static bool PlacementInputsChanged(Node? previous, Node current) =>
        previous is null
        || (previous.Metadata.Labels?.Count ?? 0) != (current.Metadata.Labels?.Count ?? 0)
        || (previous.Metadata.Labels ?? []).Any(l => current.Metadata.Labels?.GetValueOrDefault(l.Key) != l.Value)
        || !StatusComparison.Same(previous.Spec?.Taints, current.Spec?.Taints)
        || previous.Spec?.Unschedulable != current.Spec?.Unschedulable;

    /// <summary>The node a daemon pod is for: its binding, else its node-name affinity term.</summary>
    public static string? TargetNode(Pod pod)
    {
        if (!string.IsNullOrEmpty(pod.Spec.NodeName))
        {
            return pod.Spec.NodeName;
        }

        var terms = pod.Spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms ?? [];
        return terms.SelectMany(t => t.MatchFields ?? []).FirstOrDefault(f => f.Key == "metadata.name" && f.Operator == NodeSelectorOperator.In)?.Values?.FirstOrDefault();
    }

    public static Pod NewPod(DaemonSet ds, string nodeName, string hash)
    {
        var pod = PodTemplates.NewPod(ds.Spec!.Template!, ds);
        pod.Metadata.Labels ??= [];
        pod.Metadata.Labels[RevisionHashLabel] = hash;
        pod.Metadata.Labels[TemplateGenerationLabel] = (ds.Metadata.Generation ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        pod.Spec = WithDaemonTolerations(pod.Spec);
        var pin = new NodeSelectorRequirement { Key = "metadata.name", Operator = NodeSelectorOperator.In, Values = [nodeName] };
        var affinity = pod.Spec.Affinity ??= new Affinity();
        var nodeAffinity = affinity.NodeAffinity ??= new NodeAffinity();
        var terms = nodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms is { Count: > 0 } existing
            ? existing.Select(t => t with { MatchFields = [pin] }).ToList()
            : [new NodeSelectorTerm { MatchFields = [pin] }];
        nodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution = new NodeSelector { NodeSelectorTerms = terms };
        return pod;
    }

    private static PodSpec WithDaemonTolerations(PodSpec spec)
    {
        var tolerations = (spec.Tolerations ?? []).ToList();
        foreach (var (key, effect) in AddedTolerations)
        {
            if (!tolerations.Any(t => t.Key == key && t.Effect == effect))
            {
                tolerations.Add(new Toleration { Key = key, Operator = TolerationOperator.Exists, Effect = effect });
            }
        }

        return spec with { Tolerations = tolerations };
    }
}
