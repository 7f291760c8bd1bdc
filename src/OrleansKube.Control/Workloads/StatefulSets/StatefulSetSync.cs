using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads.StatefulSets;

/// <summary>What a pass leaves: the StatefulSet as stored, the pods it controls, and when to look again (a pod turning available).</summary>
public sealed record StatefulSetSync(StatefulSet StatefulSet, IReadOnlyList<Pod> Pods, DateTimeOffset? RequeueAt);
