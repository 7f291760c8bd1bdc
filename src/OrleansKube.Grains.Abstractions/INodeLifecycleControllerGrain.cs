using Orleans.Concurrency;

namespace OrleansKube.Grains.Abstractions;

/// <summary>
/// The node lifecycle controller (one per cluster, key 0): reads the kubelets' leases and every
/// 5 s marks the nodes not heard from for 40 s unreachable; has the taints of a node heard again removed once it is Ready.
/// </summary>
[Alias("OrleansKube.INodeLifecycleControllerGrain")]
public interface INodeLifecycleControllerGrain : IGrainWithIntegerKey
{
    /// <summary>Starts the monitor loop (idempotent).</summary>
    [Alias("Start")]
    Task StartAsync();

    /// <summary>
    /// The controller-manager leader's mandate: its identity, term and last renewal. The monitor acts only while a
    /// mandate runs; a term older than one already seen is refused (false), so a deposed leader never acts again.
    /// </summary>
    [Alias("Lead")]
    Task<bool> LeadAsync(string holder, int term, DateTimeOffset renewTime);

    /// <summary>
    /// A kubelet renewed its node's lease at <paramref name="renewTime"/>, telling the controller itself: once per kubelet activation
    /// (a new node is followed from then on) and while its node is tainted; <paramref name="tainted"/> says whether the
    /// node still carries unreachable/not-ready taints, which the leading controller removes once the node is Ready.
    /// </summary>
    [OneWay]
    [Alias("Heartbeat")]
    Task HeartbeatAsync(string nodeName, DateTimeOffset renewTime, bool tainted);

    /// <summary>The node was deleted: stop watching it.</summary>
    [OneWay]
    [Alias("NodeRemoved")]
    Task NodeRemovedAsync(string nodeName);

    /// <summary>One monitor pass (driven by the controller's timer).</summary>
    [Alias("Tick")]
    Task TickAsync();

    /// <summary>The nodes the controller currently holds unreachable.</summary>
    [Alias("GetUnreachable")]
    Task<List<string>> GetUnreachableAsync();
}
