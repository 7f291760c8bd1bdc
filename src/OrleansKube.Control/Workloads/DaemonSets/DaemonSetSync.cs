using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads.DaemonSets;

/// <summary>What a pass leaves: the DaemonSet as stored, its pods, and when to look again (a pod turning available).</summary>
public sealed record DaemonSetSync(DaemonSet DaemonSet, IReadOnlyList<Pod> Pods, DateTimeOffset? RequeueAt);
