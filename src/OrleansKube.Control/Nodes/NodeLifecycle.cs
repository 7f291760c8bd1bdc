using OrleansKube.Control.Store;
using OrleansKube.Model.Coordination;

namespace OrleansKube.Control.Nodes;

/// <summary>
/// The node lifecycle as upstream's kubelet and node lifecycle controller keep it: the kubelet renews its Lease
/// every 10 s and reports NodeStatus at least every 5 min; the controller checks every 5 s and, after 40 s
/// without a renewal, sets the node's conditions to Unknown and taints it <c>unreachable</c> (NoSchedule and
/// NoExecute); when the kubelet is back it reports its status at once, and once it is Ready the controller removes the
/// unreachable and not-ready taints (the kubelet's heartbeat says whether the node carries any).
/// </summary>
public static class NodeLifecycle
{
    public const string LeaseNamespace = "kube-node-lease";
    public const string UnreachableTaint = DefaultTolerations.UnreachableTaint;
    public const string NotReadyTaint = DefaultTolerations.NotReadyTaint;
    public const string MemoryPressureTaint = "node.kubernetes.io/memory-pressure";
    public const int LeaseDurationSeconds = 40;

    public static readonly TimeSpan LeaseRenewInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan RenewalSlot = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan StatusReportInterval = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MonitorPeriod = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MonitorGracePeriod = TimeSpan.FromSeconds(40);

    private static readonly string[] KubeletConditions = ["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"];

    /// <summary>The node's Lease in <c>kube-node-lease</c>, as its kubelet renews it.</summary>
    public static Lease Lease(string nodeName, string? nodeUid, DateTimeOffset renewTime) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new ObjectMeta
        {
            Name = nodeName,
            Namespace = LeaseNamespace,
            OwnerReferences = nodeUid is null ? null : [new OwnerReference { ApiVersion = "v1", Kind = "Node", Name = nodeName, Uid = nodeUid }],
        },
        Spec = new LeaseSpec { HolderIdentity = nodeName, LeaseDurationSeconds = LeaseDurationSeconds, RenewTime = renewTime },
    };

    /// <summary>
    /// When a node's kubelet next renews after <paramref name="after"/>: real kubelets start at different
    /// moments, so 10,000 simulated ones must not all renew at once. Each node has a fixed phase in the 10 s
    /// interval (from its name, FNV-1a, so runs repeat), in quarter-second slots on the clock: the kubelets of
    /// a slot renew at the same instant, and one timer wake-up serves them all.
    /// </summary>
    public static DateTimeOffset NextRenewal(string nodeName, DateTimeOffset after)
    {
        var interval = LeaseRenewInterval.Ticks;
        var phase = RenewalOffset(nodeName).Ticks;
        var intoInterval = ((after.UtcTicks - phase) % interval + interval) % interval;
        return after + TimeSpan.FromTicks(interval - intoInterval);
    }

    /// <summary>A node's phase in the renewal interval (a whole number of slots).</summary>
    public static TimeSpan RenewalOffset(string nodeName)
    {
        var hash = 2166136261u;
        foreach (var c in nodeName)
        {
            hash = (hash ^ c) * 16777619u;
        }

        var slots = (uint)(LeaseRenewInterval.Ticks / RenewalSlot.Ticks);
        return RenewalSlot * (hash % slots);
    }

    /// <summary>Whether a node last heard from at <paramref name="lastHeartbeat"/> is overdue at <paramref name="now"/>.</summary>
    public static bool IsOverdue(DateTimeOffset lastHeartbeat, DateTimeOffset now) => now - lastHeartbeat > MonitorGracePeriod;

    public static ConditionStatus? ReadyStatus(Node node) => node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status;

    /// <summary>
    /// What the controller makes of an overdue node: every kubelet condition Unknown (<c>NodeStatusUnknown</c>,
    /// "Kubelet stopped posting node status."), and the unreachable taints. Null when it already is so.
    /// </summary>
    public static Node? MarkUnreachable(Node node, DateTimeOffset now)
    {
        if (ReadyStatus(node) == ConditionStatus.Unknown && HasTaint(node, UnreachableTaint, TaintEffect.NoExecute))
        {
            return null;
        }

        var conditions = (node.Status?.Conditions ?? []).Select(c => KubeletConditions.Contains(c.Type) && c.Status != ConditionStatus.Unknown
            ? c with { Status = ConditionStatus.Unknown, Reason = "NodeStatusUnknown", Message = "Kubelet stopped posting node status.", LastTransitionTime = now }
            : c).ToList();
        // Unreachable replaces not-ready, as upstream's controller swaps one for the other.
        var taints = (node.Spec?.Taints ?? []).Where(t => !IsLifecycleTaint(t)).ToList();
        taints.Add(new Taint { Key = UnreachableTaint, Effect = TaintEffect.NoSchedule, TimeAdded = now });
        taints.Add(new Taint { Key = UnreachableTaint, Effect = TaintEffect.NoExecute, TimeAdded = now });
        return node with
        {
            Spec = (node.Spec ?? new NodeSpec()) with { Taints = taints },
            Status = (node.Status ?? new NodeStatus()) with { Conditions = conditions },
        };
    }

    /// <summary>
    /// A ready pod of an unreachable node as upstream's MarkPodsNotReady leaves it: its Ready condition False, in its place
    /// in the list, with a new transition time (nothing else changes). Null when it is not ready.
    /// </summary>
    public static Pod? MarkPodNotReady(Pod pod, DateTimeOffset now)
    {
        if (Workloads.PodStates.ReadyCondition(pod) is not { Status: ConditionStatus.True } ready)
        {
            return null;
        }

        var notReady = ready with { Status = ConditionStatus.False, LastTransitionTime = now };
        return pod with { Status = pod.Status! with { Conditions = [.. pod.Status.Conditions!.Select(c => ReferenceEquals(c, ready) ? notReady : c)] } };
    }

    /// <summary>
    /// A node whose kubelet reports Ready again loses the unreachable and not-ready taints (NoSchedule and
    /// NoExecute). Null when it is not Ready or has none.
    /// </summary>
    public static Node? MarkReachable(Node node)
    {
        if (ReadyStatus(node) != ConditionStatus.True || !HasLifecycleTaints(node))
        {
            return null;
        }

        var taints = node.Spec!.Taints!.Where(t => !IsLifecycleTaint(t)).ToList();
        return node with { Spec = node.Spec with { Taints = taints.Count == 0 ? null : taints } };
    }

    /// <summary>Whether the node carries an unreachable or not-ready taint (what its kubelet's heartbeat tells the controller).</summary>
    public static bool HasLifecycleTaints(Node node) => node.Spec?.Taints?.Any(IsLifecycleTaint) == true;

    /// <summary>
    /// Whether the stored kubelet conditions are not the kubelet's own: one is missing or has another status than the
    /// kubelet would report (set Unknown by the controller while the kubelet could not be heard, or by a controller
    /// that lost track of it). The kubelet then reports its status at its next renewal instead of after 5 min.
    /// </summary>
    public static bool StatusOutdated(Node node, bool memoryPressure = false)
    {
        // On every renewal of every node: plain loops, no allocation.
        var conditions = node.Status?.Conditions;
        foreach (var type in KubeletConditions)
        {
            var expected = type == "Ready" || (type == "MemoryPressure" && memoryPressure) ? ConditionStatus.True : ConditionStatus.False;
            if (StatusOf(conditions, type) != expected)
            {
                return true;
            }
        }

        return false;
    }

    private static ConditionStatus? StatusOf(List<NodeCondition>? conditions, string type)
    {
        if (conditions is null)
        {
            return null;
        }

        foreach (var condition in conditions)
        {
            if (condition.Type == type)
            {
                return condition.Status;
            }
        }

        return null;
    }

    /// <summary>
    /// The kubelet's status report: its conditions healthy with a fresh heartbeat time (the transition time
    /// moves only for a condition whose status changes, as after a recovery).
    /// </summary>
    public static Node ReportStatus(Node node, DateTimeOffset now, bool memoryPressure = false)
    {
        var healthy = new Dictionary<string, (string Reason, string Message)>(StringComparer.Ordinal)
        {
            ["MemoryPressure"] = memoryPressure
                ? ("KubeletHasInsufficientMemory", "kubelet has insufficient memory available")
                : ("KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            ["DiskPressure"] = ("KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            ["PIDPressure"] = ("KubeletHasSufficientPID", "kubelet has sufficient PID available"),
            ["Ready"] = ("KubeletReady", "kubelet is posting ready status"),
        };
        var conditions = new List<NodeCondition>();
        foreach (var type in KubeletConditions)
        {
            var status = type == "Ready" || (type == "MemoryPressure" && memoryPressure) ? ConditionStatus.True : ConditionStatus.False;
            var previous = node.Status?.Conditions?.FirstOrDefault(c => c.Type == type);
            conditions.Add(new NodeCondition
            {
                Type = type,
                Status = status,
                Reason = healthy[type].Reason,
                Message = healthy[type].Message,
                LastHeartbeatTime = now,
                LastTransitionTime = previous?.Status == status ? previous.LastTransitionTime : now,
            });
        }

        conditions.AddRange((node.Status?.Conditions ?? []).Where(c => !KubeletConditions.Contains(c.Type)));

        // Upstream's taint-by-condition: a node under memory pressure takes no new pods.
        var taints = (node.Spec?.Taints ?? []).Where(t => t.Key != MemoryPressureTaint).ToList();
        if (memoryPressure)
        {
            taints.Add(new Taint { Key = MemoryPressureTaint, Effect = TaintEffect.NoSchedule, TimeAdded = node.Spec?.Taints?.FirstOrDefault(t => t.Key == MemoryPressureTaint)?.TimeAdded ?? now });
        }

        return node with
        {
            Spec = (node.Spec ?? new NodeSpec()) with { Taints = taints.Count == 0 ? null : taints },
            Status = (node.Status ?? new NodeStatus()) with { Conditions = conditions },
        };
    }

    private static bool IsLifecycleTaint(Taint taint) => taint.Key is UnreachableTaint or NotReadyTaint;

    private static bool HasTaint(Node node, string key, TaintEffect effect) => node.Spec?.Taints?.Any(t => t.Key == key && t.Effect == effect) == true;
}
