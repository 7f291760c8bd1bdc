using System.Globalization;
using OrleansKube.Manifests.Simulation;

namespace OrleansKube.Control.Kubelet;

/// <summary>A pod's memory as the eviction manager sees it: its request and what it uses now (bytes).</summary>
public sealed record PodMemory(Pod Pod, long Request, long Usage)
{
    public string Name => Pod.Metadata.Name ?? "";

    public bool ExceedsRequest => Usage > Request;
}

/// <summary>
/// The kubelet's eviction manager for memory: every 10 s it compares <c>memory.available</c> (capacity less
/// what the node and its pods use) with the thresholds; while one is met (a soft one for its grace period)
/// it evicts one pod per pass, ranked as upstream ranks them for memory: pods using more than they request
/// first, then lower priority first, then those using the most above their request. MemoryPressure stays
/// True until no threshold has been met for the transition period (5 min).
/// </summary>
public sealed class MemoryPressure(NodeSimulation settings)
{
    public static readonly TimeSpan Housekeeping = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan PressureTransition = TimeSpan.FromMinutes(5);

    private DateTimeOffset? _softMetSince;
    private DateTimeOffset? _lastObserved;
    private long? _watch;
    private long _watchFor;

    public NodeSimulation Settings => settings;

    /// <summary>Whether the node reports MemoryPressure at <paramref name="now"/>.</summary>
    public bool UnderPressure(DateTimeOffset now) => _lastObserved is { } seen && now - seen < PressureTransition;

    /// <summary>When the next pass is needed (null: nothing to watch).</summary>
    public DateTimeOffset? NextPass(DateTimeOffset now, long available, long capacity) =>
        UnderPressure(now) || Near(available, capacity) ? now + Housekeeping : null;

    /// <summary>
    /// One pass: records whether a threshold is met and returns the pod to evict with upstream's message, if
    /// any (the message names the threshold, what was available, and the pod's largest container use).
    /// </summary>
    public (PodMemory Victim, string Message)? Pass(DateTimeOffset now, long capacity, long available, IReadOnlyList<PodMemory> pods)
    {
        var hard = NodeSimulation.Bytes(settings.EvictionHard, capacity);
        var soft = NodeSimulation.Bytes(settings.EvictionSoft, capacity);
        var hardMet = available < hard;
        var softMet = available < soft;
        _softMetSince = softMet ? _softMetSince ?? now : null;
        if (hardMet || softMet)
        {
            _lastObserved = now;
        }

        var threshold = hardMet ? settings.EvictionHard : softMet && now - _softMetSince >= settings.EvictionSoftGracePeriod ? settings.EvictionSoft : null;
        if (threshold is null || Victim(pods) is not { } victim)
        {
            return null;
        }

        var message = $"The node was low on resource: memory. Threshold quantity: {threshold}, available: {Ki(available)}. ";
        var container = victim.Pod.Spec.Containers.FirstOrDefault()?.Name ?? "";
        message += $"Container {container} was using {Ki(victim.Usage)}, request is {(victim.Request == 0 ? "0" : Ki(victim.Request))}, has larger consumption of memory.";
        return (victim, message);
    }

    /// <summary>Upstream's ranking for memory: exceeding requests, then priority (lower first), then usage above request (more first).</summary>
    public static PodMemory? Victim(IEnumerable<PodMemory> pods) =>
        pods.OrderByDescending(p => p.ExceedsRequest)
            .ThenBy(p => p.Pod.Spec.Priority ?? 0)
            .ThenByDescending(p => p.Usage - p.Request)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .FirstOrDefault();

    private bool Near(long available, long capacity)
    {
        // Asked after every container start and stop: the thresholds are parsed again only for another capacity.
        if (_watchFor != capacity || _watch is null)
        {
            _watchFor = capacity;
            _watch = Math.Max(NodeSimulation.Bytes(settings.EvictionHard, capacity) ?? 0, NodeSimulation.Bytes(settings.EvictionSoft, capacity) ?? 0);
        }

        return available < _watch;
    }

    private static string Ki(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024}Ki");
}
