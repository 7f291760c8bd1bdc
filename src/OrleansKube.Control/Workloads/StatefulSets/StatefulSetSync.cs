using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads.StatefulSets;

/// <summary>
/// What a pass leaves: the StatefulSet as stored, the pods it controls, when to look again (a pod turning available), and
/// its ControllerRevisions as the pass left them.
/// </summary>
public sealed record StatefulSetSync(StatefulSet StatefulSet, IReadOnlyList<Pod> Pods, DateTimeOffset? RequeueAt, IReadOnlyList<ControllerRevision> Revisions);
