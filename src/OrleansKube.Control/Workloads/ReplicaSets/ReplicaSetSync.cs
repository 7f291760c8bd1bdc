using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads.ReplicaSets;

/// <summary>What a pass leaves: the ReplicaSet as stored, the pods it controls, and when to look again (a pod turning available).</summary>
public sealed record ReplicaSetSync(ReplicaSet ReplicaSet, IReadOnlyList<Pod> Pods, DateTimeOffset? RequeueAt);
