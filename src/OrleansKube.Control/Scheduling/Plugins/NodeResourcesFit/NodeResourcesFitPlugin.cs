using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Control.Scheduling.Plugins.NodeResourcesFit;

/// <summary>
/// Filter: the node's pod count and free cpu, memory, ephemeral storage and extended resources
/// (<c>nvidia.com/gpu</c>) must cover the pod's requests (init containers counted as upstream).
/// Score: LeastAllocated (spread), MostAllocated (pack) or RequestedToCapacityRatio, per weighted resource.
/// </summary>
public sealed class NodeResourcesFitPlugin(ScoringStrategy strategy) : IFilterPlugin, IScorePlugin
{
    public const string PluginName = "NodeResourcesFit";

    public NodeResourcesFitPlugin()
        : this(new ScoringStrategy())
    {
    }

    private const int FixedShortfalls = 16;

    private static readonly string[] FixedReasons = ["Too many pods", $"Insufficient {ResourceNames.Cpu}", $"Insufficient {ResourceNames.Memory}", $"Insufficient {ResourceNames.EphemeralStorage}"];

    // Rejection statuses by shortfall bits (and whether unresolvable): the same instances each time, which the
    // diagnosis also counts in runs. Two threads making the same one at once store equal statuses.
    private readonly Status?[] _rejections = new Status?[FixedShortfalls * 2];

    public string Name => PluginName;

    public ScoringStrategy Strategy { get; } = strategy;

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        // The shortfalls of pods, cpu, memory and ephemeral storage as bits: a full node rejects pod after pod
        // with the same few statuses, made once. Extended resources (rare) get a status of their own.
        var shortfalls = 0;
        List<string>? scalarReasons = null;
        var unresolvable = false;
        if (node.PodCount + 1 > node.Allocatable.AllowedPodNumber)
        {
            shortfalls |= 1;
        }

        var request = pod.Requests;
        if (!request.IsZero)
        {
            shortfalls |= Check(ResourceNames.Cpu, request.MilliCpu) ? 2 : 0;
            shortfalls |= Check(ResourceNames.Memory, request.Memory) ? 4 : 0;
            shortfalls |= Check(ResourceNames.EphemeralStorage, request.EphemeralStorage) ? 8 : 0;
            if (request.Scalars is { } scalars)
            {
                foreach (var (name, amount) in scalars)
                {
                    if (Check(name, amount))
                    {
                        (scalarReasons ??= []).Add($"Insufficient {name}");
                    }
                }
            }
        }

        if (shortfalls == 0 && scalarReasons is null)
        {
            return Status.Success;
        }

        var code = unresolvable ? StatusCode.UnschedulableAndUnresolvable : StatusCode.Unschedulable;
        if (scalarReasons is null)
        {
            var index = shortfalls | (unresolvable ? FixedShortfalls : 0);
            return _rejections[index] ??= new Status(code, Reasons(shortfalls), PluginName);
        }

        return new Status(code, [.. Reasons(shortfalls), .. scalarReasons], PluginName);

        bool Check(string name, long amount)
        {
            if (amount <= 0)
            {
                return false; // asks for none (most pods' ephemeral storage): nothing to read
            }

            var allocatable = node.Allocatable.Get(name);
            if (amount > allocatable - node.Requested.Get(name))
            {
                // More than the whole node has: evicting pods cannot help.
                unresolvable |= amount > allocatable;
                return true;
            }

            return false;
        }
    }

    /// <summary>The reasons for a set of shortfall bits, in upstream's order: pods, cpu, memory, ephemeral storage.</summary>
    private static List<string> Reasons(int shortfalls)
    {
        var reasons = new List<string>(4);
        for (var i = 0; i < FixedReasons.Length; i++)
        {
            if ((shortfalls & (1 << i)) != 0)
            {
                reasons.Add(FixedReasons[i]);
            }
        }

        return reasons;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        long total = 0;
        long weights = 0;
        var resources = Strategy.Resources;
        for (var i = 0; i < resources.Count; i++)
        {
            var (name, weight) = resources[i];
            var (allocatable, requested) = AllocatableAndRequested(node, pod, name, nonZero: true);
            if (allocatable == 0)
            {
                continue;
            }

            total += weight * Strategy.Type switch
            {
                ScoringStrategyType.MostAllocated => MostAllocated(requested, allocatable),
                ScoringStrategyType.RequestedToCapacityRatio => RequestedToCapacity(requested, allocatable),
                _ => LeastAllocated(requested, allocatable),
            };
            weights += weight;
        }

        return weights == 0 ? 0 : total / weights;
    }

    /// <summary>
    /// What the node would have allocated with the pod on it. Extended resources the pod does not ask for
    /// are left out of scoring, as upstream does.
    /// </summary>
    public static (long Allocatable, long Requested) AllocatableAndRequested(NodeInfo node, PodInfo pod, string name, bool nonZero)
    {
        var podRequest = (nonZero ? pod.NonZeroRequests : pod.Requests).Get(name);
        var isScalar = !ReferenceEquals(name, ResourceNames.Cpu) && !ReferenceEquals(name, ResourceNames.Memory)
            && name is not (ResourceNames.Cpu or ResourceNames.Memory or ResourceNames.EphemeralStorage);
        if (isScalar && podRequest == 0)
        {
            return (0, 0);
        }

        var requested = (nonZero ? node.NonZeroRequested : node.Requested).Get(name);
        return (node.Allocatable.Get(name), requested + podRequest);
    }

    private static long LeastAllocated(long requested, long allocatable) =>
        requested > allocatable ? 0 : (allocatable - requested) * SchedulingFramework.MaxNodeScore / allocatable;

    private static long MostAllocated(long requested, long allocatable) =>
        Math.Min(requested, allocatable) * SchedulingFramework.MaxNodeScore / allocatable;

    /// <summary>Piecewise-linear over the configured shape; shape scores 0–10 scale to 0–100.</summary>
    private long RequestedToCapacity(long requested, long allocatable)
    {
        var utilization = Math.Min(100, requested * 100 / allocatable);
        var shape = Strategy.Shape;
        if (utilization <= shape[0].Utilization)
        {
            return shape[0].Score * 10;
        }

        for (var i = 1; i < shape.Count; i++)
        {
            if (utilization <= shape[i].Utilization)
            {
                var (u0, s0) = shape[i - 1];
                var (u1, s1) = shape[i];
                return 10 * (s0 + ((s1 - s0) * (utilization - u0) / (u1 - u0)));
            }
        }

        return shape[^1].Score * 10;
    }
}
