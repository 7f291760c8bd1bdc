using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansKube.Grains.Hosting;

/// <summary>
/// The <c>OrleansKube</c> meter: what ClusterLoader2 judges a cluster by. Times are on the simulation clock.
/// One per silo (a singleton of its container): the meter comes from the silo's <see cref="IMeterFactory"/>, so a
/// listener can tell this silo's measurements from those of another silo in the same process by
/// <see cref="Meter.Scope"/>; the gauges read this silo's own state.
/// </summary>
public sealed class KubeMetrics
{
    public const string MeterName = "OrleansKube";

    // Latency buckets in seconds, from 5 ms to 5 min (the SLO thresholds 1 s and 5 s are edges).
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    };

    private static readonly Dictionary<StoreState, string> StoreStateNames = Enum.GetValues<StoreState>().ToDictionary(s => s, s => s.ToString());

    private static readonly Dictionary<PodPhase, string> PhaseNames = Enum.GetValues<PodPhase>().ToDictionary(p => p, p => p.ToString());

    // Pods by phase and nodes by Ready condition, counted as this silo's grains store and remove them. Kept as
    // absolute counts (not deltas) so an exporter that starts late reads the truth.
    private readonly ConcurrentDictionary<string, long> _podPhases = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _nodeConditions = new(StringComparer.Ordinal);

    private readonly Lock _throughputLock = new();
    private long _scheduled;
    private (long At, long Scheduled) _lastCollection = (Stopwatch.GetTimestamp(), 0);

    public KubeMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(new MeterOptions(MeterName));

        PodStartupLatency = meter.CreateHistogram<double>(
            "okube.pod.startup_latency", "s", "Time from a pod's creation to its first Running status", advice: Seconds);
        PodSchedulingLatency = meter.CreateHistogram<double>(
            "okube.pod.scheduling_latency", "s", "Time from a pod entering its scheduler's queue to its binding", advice: Seconds);
        SchedulerAttempts = meter.CreateCounter<long>(
            "okube.scheduler.attempts", "{attempt}", "Scheduling attempts by result and profile");
        ReconcileDuration = meter.CreateHistogram<double>(
            "okube.controller.reconcile.duration", "s", "Duration of a workload controller's reconcile pass", advice: Seconds);
        ControllerQueueDepth = meter.CreateUpDownCounter<long>(
            "okube.controller.queue_depth", "{workload}", "Workload controllers waiting for a pass");
        ApiRequestDuration = meter.CreateHistogram<double>(
            "okube.api.request.duration", "s", "Duration of API requests by verb, resource and code", advice: Seconds);

        // 1 for each lease the silo's control-plane host holds, 0 for the others (upstream's leader_election_master_status).
        meter.CreateObservableGauge(
            "okube.leader",
            () => Leadership.Read().SelectMany(leases => leases).Select(l =>
                new Measurement<int>(l.Held ? 1 : 0, new KeyValuePair<string, object?>("lease", l.Lease), new KeyValuePair<string, object?>("holder", l.Holder))),
            "{leader}",
            "Whether the holder leads the lease");
        // 1 for the state the silo's store is in, 0 for the others (a scrape sees a lost store without knowing the last state).
        meter.CreateObservableGauge(
            "okube.store.status",
            () => Store.Read().Take(1).SelectMany(current => Enum.GetValues<StoreState>().Select(state =>
                new Measurement<int>(state == current ? 1 : 0, new KeyValuePair<string, object?>("state", StoreStateNames[state])))),
            "{state}",
            "Whether the silo's store is Ok, Unreachable or Lost");
        meter.CreateObservableUpDownCounter("okube.pods", () => Read(_podPhases, "phase"), "{pod}", "Pods by phase");
        meter.CreateObservableUpDownCounter("okube.nodes", () => Read(_nodeConditions, "condition"), "{node}", "Nodes by condition (Ready, NotReady, Unknown)");

        // Scheduling throughput, as the scheduler_perf benchmarks report it: pods bound per second (over the scrape interval).
        meter.CreateObservableGauge("okube.scheduler.throughput", SchedulingRate, "{pod}/s", "Pods bound per second since the previous collection");
        meter.CreateObservableGauge(
            "okube.scheduler.pending_pods",
            () => Queues.Read()
                .GroupBy(q => q.Profile)
                .SelectMany(g => new[]
                {
                    Pending(g.Sum(q => q.Active), "active", g.Key),
                    Pending(g.Sum(q => q.Backoff), "backoff", g.Key),
                    Pending(g.Sum(q => q.Unschedulable), "unschedulable", g.Key),
                }),
            "{pod}",
            "Pending pods in the scheduler's queues");
    }

    /// <summary>Created → Running, as the pod object sees it (upstream's pod_startup_latency, observed).</summary>
    public Histogram<double> PodStartupLatency { get; }

    /// <summary>A pod's arrival at the shard that placed it → its bind.</summary>
    public Histogram<double> PodSchedulingLatency { get; }

    /// <summary>Scheduling attempts by result (scheduled, unschedulable, error) and profile, as upstream's schedule_attempts_total.</summary>
    public Counter<long> SchedulerAttempts { get; }

    /// <summary>One reconcile pass of a workload controller, by kind.</summary>
    public Histogram<double> ReconcileDuration { get; }

    /// <summary>Workload controllers with a pass queued and not yet run, by kind (upstream's workqueue depth).</summary>
    public UpDownCounter<long> ControllerQueueDepth { get; }

    /// <summary>API requests by verb, resource and HTTP code (upstream's apiserver_request_duration_seconds).</summary>
    public Histogram<double> ApiRequestDuration { get; }

    /// <summary>The silo's control-plane host reports the leases it campaigns for.</summary>
    public Sources<IEnumerable<(string Lease, string Holder, bool Held)>> Leadership { get; } = new();

    /// <summary>The silo's store watch reports the store's state.</summary>
    public Sources<StoreState> Store { get; } = new();

    /// <summary>Every scheduler shard activation on the silo reports its queues.</summary>
    public Sources<(string Profile, int Active, int Backoff, int Unschedulable)> Queues { get; } = new();

    /// <summary>Moves the pod and node counts from <paramref name="previous"/> to <paramref name="current"/> (either may be null).</summary>
    public void ObjectChanged(KubeObject? previous, KubeObject? current)
    {
        switch (previous ?? current)
        {
            case Pod:
                Move(_podPhases, PhaseOf(previous as Pod), PhaseOf(current as Pod));
                break;
            case Node:
                Move(_nodeConditions, ConditionOf(previous as Node), ConditionOf(current as Node));
                break;
        }
    }

    public void RecordApiRequest(TimeSpan duration, string verb, string resource, string code) =>
        ApiRequestDuration.Record(
            duration.TotalSeconds,
            new KeyValuePair<string, object?>("verb", verb),
            new KeyValuePair<string, object?>("resource", resource),
            new KeyValuePair<string, object?>("code", code));

    public void RecordAttempt(string result, string profile)
    {
        SchedulerAttempts.Add(1, new KeyValuePair<string, object?>("result", result), new KeyValuePair<string, object?>("profile", profile));
        if (result == "scheduled")
        {
            Interlocked.Increment(ref _scheduled);
        }
    }

    /// <summary>Pods bound per second since the previous collection (the first collection counts from the silo's start).</summary>
    private double SchedulingRate()
    {
        lock (_throughputLock)
        {
            var (now, scheduled) = (Stopwatch.GetTimestamp(), Interlocked.Read(ref _scheduled));
            var seconds = Stopwatch.GetElapsedTime(_lastCollection.At, now).TotalSeconds;
            var rate = seconds > 0 ? (scheduled - _lastCollection.Scheduled) / seconds : 0;
            _lastCollection = (now, scheduled);
            return rate;
        }
    }

    private static Measurement<int> Pending(int count, string queue, string profile) =>
        new(count, new KeyValuePair<string, object?>("queue", queue), new KeyValuePair<string, object?>("profile", profile));

    private static void Move(ConcurrentDictionary<string, long> counts, string? from, string? to)
    {
        if (from == to)
        {
            return; // most stores change no phase
        }

        if (from is not null)
        {
            counts.AddOrUpdate(from, -1, (_, n) => n - 1);
        }

        if (to is not null)
        {
            counts.AddOrUpdate(to, 1, (_, n) => n + 1);
        }
    }

    private static IEnumerable<Measurement<long>> Read(ConcurrentDictionary<string, long> counts, string tag) =>
        counts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>(tag, c.Key)));

    private static string? PhaseOf(Pod? pod) => pod is null ? null : PhaseNames[pod.Status?.Phase ?? PodPhase.Pending];

    private static string? ConditionOf(Node? node) =>
        node is null ? null
        : node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status switch
        {
            ConditionStatus.True => "Ready",
            ConditionStatus.False => "NotReady",
            _ => "Unknown",
        };

    /// <summary>What observable gauges read: one callback per owner (the silo's host, a shard activation), added and removed with it.</summary>
    public sealed class Sources<T>
    {
        private readonly ConcurrentDictionary<object, Func<T>> _sources = new();

        public void Add(object owner, Func<T> read) => _sources[owner] = read;

        public void Remove(object owner) => _sources.TryRemove(owner, out _);

        public IEnumerable<T> Read() => _sources.Values.Select(read => read());
    }
}
