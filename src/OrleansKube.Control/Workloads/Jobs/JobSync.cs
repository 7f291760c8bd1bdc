using OrleansKube.Model.Batch;

namespace OrleansKube.Control.Workloads.Jobs;

/// <summary>What a pass leaves: the Job as stored (null once deleted after its TTL), its pods, and when to look again (a backoff, a deadline, the TTL).</summary>
public sealed record JobSync(Job? Job, IReadOnlyList<Pod> Pods, DateTimeOffset? RequeueAt);
