using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Control.Scheduling.Plugins.NodePorts;

/// <summary>
/// A pod asking for host ports fits only a node where none of them is taken (upstream's NodePorts): the same protocol
/// and port conflict when either side binds every address (0.0.0.0, the default) or both bind the same one.
/// </summary>
public sealed class NodePortsPlugin : IPreFilterPlugin, IFilterPlugin
{
    public const string PluginName = "NodePorts";
    public const string ErrReason = "node(s) didn't have free ports for the requested pod ports";

    private static readonly Status Rejected = Status.Unschedulable(ErrReason).WithPlugin(PluginName);

    public string Name => PluginName;

    /// <summary>Most pods ask for no host port: their Filter is not run.</summary>
    public Status PreFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot) =>
        pod.HostPorts.Length == 0 ? Status.Skip : Status.Success;

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        foreach (var wanted in pod.HostPorts)
        {
            if (node.HostPortTaken(wanted))
            {
                return Rejected;
            }
        }

        return Status.Success;
    }
}
