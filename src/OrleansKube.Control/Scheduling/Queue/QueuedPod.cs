using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Control.Scheduling.Queue;

/// <summary>A pending pod and its scheduling history: attempts, when its backoff ends, the order it arrived in.</summary>
public sealed class QueuedPod(PodInfo pod, long sequence, DateTimeOffset enqueuedAt)
{
    public PodInfo Pod { get; set; } = pod;

    public string Key => Pod.Key;

    public long Sequence { get; } = sequence;

    public DateTimeOffset EnqueuedAt { get; } = enqueuedAt;

    public int Attempts { get; set; }

    public DateTimeOffset BackoffUntil { get; set; }

    public DateTimeOffset UnschedulableSince { get; set; }

    /// <summary>A sharded scheduler offers the topology ledger every feasible node for it, not only its choice.</summary>
    public bool OfferEveryCandidate { get; set; }
}
