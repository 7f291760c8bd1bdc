using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Control.Scheduling.Queue;

/// <summary>
/// Upstream's scheduling queue: an active queue in priority order (higher <c>priority</c> first, then
/// first come), a backoff queue (1 s doubling to 10 s per failed attempt), and the unschedulable pods, which
/// move back only when the cluster changes (or after five minutes).
/// </summary>
public sealed class SchedulingQueue
{
    public static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxInUnschedulable = TimeSpan.FromMinutes(5);

    private readonly PriorityQueue<QueuedPod, (int, long)> _active = new();
    private readonly Dictionary<string, QueuedPod> _pods = new(StringComparer.Ordinal);
    private readonly HashSet<string> _activeKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPod> _backoff = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPod> _unschedulable = new(StringComparer.Ordinal);
    private long _sequence;

    public int ActiveCount => _activeKeys.Count;

    public int BackoffCount => _backoff.Count;

    public int UnschedulableCount => _unschedulable.Count;

    public bool Contains(string key) => _pods.ContainsKey(key);

    /// <summary>Adds (or refreshes) a pod in the active queue; <paramref name="attempts"/> carries its history from another shard.</summary>
    public void Add(PodInfo pod, DateTimeOffset now, int attempts = 0)
    {
        if (_pods.TryGetValue(pod.Key, out var existing))
        {
            existing.Pod = pod;
            existing.Attempts = Math.Max(existing.Attempts, attempts);
            return;
        }

        var queued = new QueuedPod(pod, _sequence++, now) { Attempts = attempts };
        _pods[pod.Key] = queued;
        Activate(queued);
    }

    public bool TryPop(out QueuedPod pod)
    {
        while (_active.TryDequeue(out pod!, out _))
        {
            if (_activeKeys.Remove(pod.Key) && _pods.ContainsKey(pod.Key))
            {
                _pods.Remove(pod.Key);
                return true;
            }
        }

        return false;
    }

    /// <summary>A pod that fit nowhere: it waits for a cluster change, then for its backoff.</summary>
    public void AddUnschedulable(QueuedPod pod, DateTimeOffset now)
    {
        pod.Attempts++;
        pod.BackoffUntil = now + Backoff(pod.Attempts);
        pod.UnschedulableSince = now;
        _pods[pod.Key] = pod;
        _unschedulable[pod.Key] = pod;
    }

    /// <summary>A pod arriving from another shard that is to wait here (it preempted room on one of this shard's nodes).</summary>
    public void AddUnschedulable(PodInfo pod, DateTimeOffset now, int attempts)
    {
        Remove(pod.Key);
        AddUnschedulable(new QueuedPod(pod, _sequence++, now) { Attempts = attempts }, now);
    }

    /// <summary>A placement refused at admission (another shard's pod got there first): retried after its backoff, no cluster change needed.</summary>
    public void AddBackoff(QueuedPod pod, DateTimeOffset now)
    {
        pod.Attempts++;
        pod.BackoffUntil = now + Backoff(pod.Attempts);
        _pods[pod.Key] = pod;
        _backoff[pod.Key] = pod;
    }

    /// <summary>
    /// A placement refused at admission for a rule its shard could not see: tried again at once (no backoff: nothing
    /// needs to change), this time offering every feasible node, so the next refusal is final.
    /// </summary>
    public void RetryWithEveryCandidate(QueuedPod pod)
    {
        if (_pods.TryGetValue(pod.Key, out var fresher) && fresher != pod)
        {
            pod = fresher; // the pod came back (changed) while its placement was out: keep the newer copy
        }

        pod.OfferEveryCandidate = true;
        _backoff.Remove(pod.Key);
        _unschedulable.Remove(pod.Key);
        _pods[pod.Key] = pod;
        Activate(pod);
    }

    /// <summary>Something changed that may let unschedulable pods fit: move them to backoff or straight to active.</summary>
    public void MoveAllOnClusterChange(DateTimeOffset now)
    {
        foreach (var pod in _unschedulable.Values)
        {
            if (pod.BackoffUntil <= now)
            {
                Activate(pod);
            }
            else
            {
                _backoff[pod.Key] = pod;
            }
        }

        _unschedulable.Clear();
    }

    /// <summary>
    /// Moves pods whose backoff has ended, and pods unschedulable for five minutes, to the active queue; the
    /// latter only when <paramref name="unschedulable"/> (only the elected scheduler flushes them).
    /// </summary>
    public void Flush(DateTimeOffset now, bool unschedulable = true)
    {
        foreach (var pod in _backoff.Values.Where(p => p.BackoffUntil <= now).ToList())
        {
            _backoff.Remove(pod.Key);
            Activate(pod);
        }

        foreach (var pod in unschedulable ? _unschedulable.Values.Where(p => now - p.UnschedulableSince >= MaxInUnschedulable).ToList() : [])
        {
            _unschedulable.Remove(pod.Key);
            Activate(pod);
        }
    }

    /// <summary>When <see cref="Flush"/> next has something to do, if ever (counting the unschedulable pods when <paramref name="unschedulable"/>).</summary>
    public DateTimeOffset? NextFlush(bool unschedulable = true)
    {
        DateTimeOffset? next = null;
        foreach (var pod in _backoff.Values)
        {
            next = next is null || pod.BackoffUntil < next ? pod.BackoffUntil : next;
        }

        foreach (var pod in unschedulable ? _unschedulable.Values : Enumerable.Empty<QueuedPod>())
        {
            var due = pod.UnschedulableSince + MaxInUnschedulable;
            next = next is null || due < next ? due : next;
        }

        return next;
    }

    public bool Remove(string key)
    {
        _backoff.Remove(key);
        _unschedulable.Remove(key);
        _activeKeys.Remove(key);
        return _pods.Remove(key);
    }

    public static TimeSpan Backoff(int attempts) =>
        attempts <= 1 ? InitialBackoff : TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, InitialBackoff.Ticks << Math.Min(attempts - 1, 20)));

    private void Activate(QueuedPod pod)
    {
        if (_activeKeys.Add(pod.Key))
        {
            _active.Enqueue(pod, (-pod.Pod.Priority, pod.Sequence));
        }
    }
}
