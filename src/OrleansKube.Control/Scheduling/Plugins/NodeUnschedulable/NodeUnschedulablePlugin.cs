using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Control.Scheduling.Plugins.NodeUnschedulable;

/// <summary>A cordoned node (<c>spec.unschedulable</c>) takes only pods tolerating <c>node.kubernetes.io/unschedulable:NoSchedule</c>.</summary>
public sealed class NodeUnschedulablePlugin : IFilterPlugin
{
    public const string PluginName = "NodeUnschedulable";
    public const string ErrReason = "node(s) were unschedulable";

    // Filters reject thousands of nodes per pod: the same status each time, not a new one.
    private static readonly Status Rejected = Status.Unresolvable(ErrReason).WithPlugin(PluginName);

    private static readonly Taint UnschedulableTaint = new() { Key = "node.kubernetes.io/unschedulable", Effect = TaintEffect.NoSchedule };

    public string Name => PluginName;

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node) =>
        !node.Unschedulable || Tolerations.ToleratesAll(pod.Pod.Spec.Tolerations, UnschedulableTaint)
            ? Status.Success
            : Rejected;
}
