using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads.ReplicaSets;

/// <summary>What a pass computes before its status write: the status, the pods its owner controls, and when to look again.</summary>
public sealed record ReplicaSetPass(ReplicaSetStatus Status, IReadOnlyList<Pod> Pods, DateTimeOffset? RequeueAt);
