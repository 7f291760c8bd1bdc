using System.Diagnostics.Metrics;

namespace OrleansKube.Grains.Hosting;

/// <summary>
/// The <c>OrleansKube</c> meter: what ClusterLoader2 judges a cluster by. Times are on the simulation clock.
/// Instruments are process-wide (as every <see cref="Meter"/> is); gauges read the silo's own state.
/// </summary>
public static class KubeMetrics
{
    public const string MeterName = "OrleansKube";

    private static readonly Meter Meter = new(MeterName);

    // Latency buckets in seconds, from 5 ms to 5 min (the SLO thresholds 1 s and 5 s are edges).
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    };

    /// <summary>Created → Running, as the pod object sees it (upstream's pod_startup_latency, observed).</summary>
    public static readonly Histogram<double> PodStartupLatency = Meter.CreateHistogram<double>(
        "okube.pod.startup_latency", "s", "Time from a pod's creation to its first Running status", advice: Seconds);

    /// <summary>A pod's arrival at the shard that placed it → its bind.</summary>
    public static readonly Histogram<double> PodSchedulingLatency = Meter.CreateHistogram<double>(
        "okube.pod.scheduling_latency", "s", "Time from a pod entering its scheduler's queue to its binding", advice: Seconds);

    /// <summary>Scheduling attempts by result (scheduled, unschedulable, error) and profile, as upstream's schedule_attempts_total.</summary>
    public static readonly Counter<long> SchedulerAttempts = Meter.CreateCounter<long>(
        "okube.scheduler.attempts", "{attempt}", "Scheduling attempts by result and profile");

    // Every control-plane host in the process (one per silo) reports the leases it campaigns for.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<object, Func<IEnumerable<(string Lease, string Holder, bool Held)>>> LeadershipSources = new();

    /// <summary>1 for each lease a silo's control-plane host holds, 0 for the others (upstream's leader_election_master_status).</summary>
    private static readonly ObservableGauge<int> Leader = Meter.CreateObservableGauge(
        "okube.leader",
        () => LeadershipSources.Values.SelectMany(source => source()).Select(l =>
            new Measurement<int>(l.Held ? 1 : 0, new KeyValuePair<string, object?>("lease", l.Lease), new KeyValuePair<string, object?>("holder", l.Holder))),
        "{leader}",
        "Whether the holder leads the lease");

    public static void AddLeadershipSource(object owner, Func<IEnumerable<(string Lease, string Holder, bool Held)>> leases) => LeadershipSources[owner] = leases;

    public static void RemoveLeadershipSource(object owner) => LeadershipSources.TryRemove(owner, out _);

    public static void RecordAttempt(string result, string profile) =>
        SchedulerAttempts.Add(1, new KeyValuePair<string, object?>("result", result), new KeyValuePair<string, object?>("profile", profile));
}
