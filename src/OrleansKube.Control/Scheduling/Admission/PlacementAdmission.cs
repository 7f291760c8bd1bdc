using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Control.Scheduling.Queue;

namespace OrleansKube.Control.Scheduling.Admission;

/// <summary>
/// What a sharded scheduler does with a placement it assumed once the topology ledger has answered, or failed to:
/// the shard's cache follows the verdict, and a pod that is not bound goes back to the queue or fails. Plain C#,
/// so the shard grain only sends the binds and reports the failures.
/// </summary>
public static class PlacementAdmission
{
    /// <summary>
    /// The ledger's verdict: <paramref name="admitted"/> is the node it admitted (null: refused on every node offered).
    /// Moves the assumption to the admitted node. A refusal when only the shard's choice was offered was for a rule
    /// the shard did not know of: the pod is tried again at once with every candidate. A refusal of every candidate fails.
    /// </summary>
    public static AdmissionStep Judge(QueuedPod queued, string assumed, bool offeredEveryCandidate, string? admitted, ClusterSnapshot snapshot, SchedulingQueue queue)
    {
        if (admitted != assumed)
        {
            snapshot.Get(assumed)?.RemovePod(queued.Key);
            if (admitted is not null)
            {
                snapshot.Get(admitted)?.AddPod(queued.Pod);
            }
        }

        if (admitted is not null)
        {
            return AdmissionStep.Bind;
        }

        if (!offeredEveryCandidate)
        {
            queue.RetryWithEveryCandidate(queued);
            return AdmissionStep.Retry;
        }

        return AdmissionStep.Fail;
    }

    /// <summary>
    /// The ledger did not answer (its silo died, the call timed out or failed): nothing was admitted, so the
    /// assumption goes and the pod returns to the queue after its backoff, as upstream's failed binding cycle does.
    /// </summary>
    public static void Unanswered(QueuedPod queued, string assumed, ClusterSnapshot snapshot, SchedulingQueue queue, DateTimeOffset now)
    {
        snapshot.Get(assumed)?.RemovePod(queued.Key);
        queue.AddBackoff(queued, now);
    }
}
