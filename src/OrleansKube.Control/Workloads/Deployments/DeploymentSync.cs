using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads.Deployments;

/// <summary>What a pass leaves: the Deployment as stored, its ReplicaSets as last written, and when to look again (the progress deadline).</summary>
public sealed record DeploymentSync(Deployment Deployment, IReadOnlyList<ReplicaSet> ReplicaSets, DateTimeOffset? RequeueAt);
