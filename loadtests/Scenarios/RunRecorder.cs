using System.Collections.Concurrent;
using OrleansKube.Model.Core;
using OrleansKube.Model.Meta;

namespace OrleansKube.LoadTests.Scenarios;

/// <summary>A pod's life in seconds from the run's start (cluster clock): created, scheduled, first Running.</summary>
public sealed record PodTiming(double Created, double? Scheduled, double? Running);

public sealed record ApiCall(string Verb, double Seconds);

/// <summary>What the runner polled: pods Running and pods existing, at a time in seconds from the run's start.</summary>
public sealed record Sample(double Seconds, int Running, int Pods);

public sealed record StepResult(string Name, string Action, double StartSeconds, double Seconds, bool Ok, string Detail);

/// <summary>
/// The managed heap after a full, compacting collection, in bytes, against the baseline (<c>heapCheck</c>). The load
/// test's own records of pods and calls share the process: <see cref="Ratio"/> counts them out (their estimated size
/// taken from both heaps), <see cref="RawRatio"/> does not.
/// </summary>
public sealed record HeapMeasurement(string Step, long BaselineBytes, long HeapBytes, double Ratio, double MaxRatio, long RecordsBytes, double RawRatio, bool Ok);

/// <summary>Everything a run measures, in seconds from its start on the cluster's clock.</summary>
public sealed class RunRecorder(DateTimeOffset start)
{
    private ConcurrentDictionary<string, PodTiming> _pods = new(StringComparer.Ordinal);

    // Pods' timings moved out of _pods by Compact: a struct each under the uid's 16 bytes, no objects per pod.
    private readonly Dictionary<Guid, (double Created, double? Scheduled, double? Running)> _compact = [];
    private readonly List<HeapMeasurement> _heap = [];
    private readonly ConcurrentQueue<ApiCall> _calls = new();
    private readonly List<Sample> _samples = [];
    private readonly List<StepResult> _steps = [];
    private readonly ConcurrentQueue<(double At, double Latency)> _startups = new();
    private readonly ConcurrentQueue<(double At, double Latency)> _schedulings = new();

    public DateTimeOffset Start { get; } = start;

    public IReadOnlyCollection<PodTiming> Pods
    {
        get
        {
            lock (_compact)
            {
                return [.. _compact.Values.Select(t => new PodTiming(t.Created, t.Scheduled, t.Running)), .. _pods.Values];
            }
        }
    }

    /// <summary>The managed heap's baseline (<c>heapBaseline</c>) and the load test's own records in it, bytes.</summary>
    public (long Heap, long Records)? HeapBaseline { get; set; }

    public IReadOnlyList<HeapMeasurement> Heap => _heap;

    public void HeapChecked(HeapMeasurement measurement) => _heap.Add(measurement);

    /// <summary>
    /// Keeps the pods' timings seen so far in a compact table (about 70 bytes a pod instead of ~170), so that a heap
    /// measurement counts the silo, not the load test's bookkeeping of thousands of finished pods.
    /// </summary>
    public void Compact()
    {
        lock (_compact)
        {
            foreach (var (uid, timing) in _pods)
            {
                if (Guid.TryParse(uid, out var id) && _pods.TryRemove(uid, out var removed))
                {
                    _compact[id] = (removed.Created, removed.Scheduled, removed.Running);
                }
            }

            _compact.TrimExcess();
            if (_pods.IsEmpty)
            {
                _pods = new(StringComparer.Ordinal); // its table keeps the size of its peak
            }
        }
    }

    /// <summary>
    /// About how many bytes the load test's own records hold (pods' timings, latencies, API calls, samples): the
    /// compact pods' table as allocated (a 64-byte entry and a 4-byte bucket each), the rest as held (a latency's queue
    /// slot 24 bytes, a call's slot and record 48), not the queues' spare room: an estimate from below, so that a heap
    /// measurement never counts out more than the load test holds.
    /// </summary>
    public long RecordsBytes()
    {
        int compact;
        lock (_compact)
        {
            compact = _compact.EnsureCapacity(0);
        }

        return (compact * 68L) + (_pods.Count * 170L) + ((_startups.Count + _schedulings.Count) * 24L) + (_calls.Count * 48L) + (_samples.Count * 40L);
    }

    public IReadOnlyCollection<ApiCall> Calls => _calls;

    public IReadOnlyList<Sample> Samples => _samples;

    public IReadOnlyList<StepResult> Steps => _steps;

    /// <summary>Pod startup latencies as the embedded silo measured them (to the tick), with when each pod ran; empty with a gateway.</summary>
    public IReadOnlyCollection<(double At, double Latency)> Startups => _startups;

    /// <summary>Scheduling latencies (queue → bind) as the embedded silo measured them, with when each pod was bound.</summary>
    public IReadOnlyCollection<(double At, double Latency)> Schedulings => _schedulings;

    public void Startup(double at, double latency) => _startups.Enqueue((at, latency));

    public void Scheduling(double at, double latency) => _schedulings.Enqueue((at, latency));

    public double Since(DateTimeOffset time) => (time - Start).TotalSeconds;

    public void Call(string verb, TimeSpan took) => _calls.Enqueue(new ApiCall(verb, took.TotalSeconds));

    public void Sample(Sample sample) => _samples.Add(sample);

    public void Step(StepResult step) => _steps.Add(step);

    /// <summary>
    /// Records the pods' timings from their own timestamps: creation, the PodScheduled condition, and the last
    /// container's start (upstream's pod startup latency: creation to every container running). A pod seen again
    /// keeps the times it had, gaining any it lacked.
    /// </summary>
    public void Observe(IEnumerable<Pod> pods)
    {
        foreach (var pod in pods)
        {
            if (pod.Metadata.Uid is not { } uid || pod.Metadata.CreationTimestamp is not { } created)
            {
                continue;
            }

            var scheduled = pod.Status?.Conditions?.FirstOrDefault(c => c is { Type: "PodScheduled", Status: ConditionStatus.True })?.LastTransitionTime;
            var starts = pod.Status?.ContainerStatuses?.Select(c => c.State?.Running?.StartedAt).ToList();
            DateTimeOffset? running = starts is { Count: > 0 } && starts.All(s => s is not null) ? starts.Max() : null;
            var timing = new PodTiming(Since(created), scheduled is { } s ? Since(s) : null, running is { } r ? Since(r) : null);
            if (Guid.TryParse(uid, out var id))
            {
                lock (_compact)
                {
                    if (_compact.TryGetValue(id, out var known))
                    {
                        _compact[id] = (known.Created, known.Scheduled ?? timing.Scheduled, known.Running ?? timing.Running);
                        continue;
                    }
                }
            }

            _pods.AddOrUpdate(uid, timing, (_, known) => known with { Scheduled = known.Scheduled ?? timing.Scheduled, Running = known.Running ?? timing.Running });
        }
    }
}
