using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Control.Scheduling.Plugins.NodeName;

/// <summary>A pod that names a node fits only that node.</summary>
public sealed class NodeNamePlugin : IFilterPlugin
{
    public const string PluginName = "NodeName";
    public const string ErrReason = "node(s) didn't match the requested node name";

    // Filters reject thousands of nodes per pod: the same status each time, not a new one.
    private static readonly Status Rejected = Status.Unresolvable(ErrReason).WithPlugin(PluginName);

    public string Name => PluginName;

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node) =>
        string.IsNullOrEmpty(pod.Pod.Spec.NodeName) || pod.Pod.Spec.NodeName == node.Name ? Status.Success : Rejected;
}
