using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads.DaemonSets;

/// <summary>What a pass leaves: the DaemonSet as stored, its pods, when to look again (a pod turning available), and its ControllerRevisions as the pass left them.</summary>
public sealed record DaemonSetSync(DaemonSet DaemonSet, IReadOnlyList<Pod> Pods, DateTimeOffset? RequeueAt, IReadOnlyList<ControllerRevision> Revisions);
