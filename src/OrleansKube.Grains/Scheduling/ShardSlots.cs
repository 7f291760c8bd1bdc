using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace OrleansKube.Grains.Scheduling;

/// <summary>
/// Where a sharded scheduler's and a partitioned watch cache's work lives when several silos run: slot N is the N-th
/// active silo (silos in address order, N modulo their count). Scheduler shard N is in slot N, each node's kubelet
/// beside its shard, and a new pod is queued first at a shard on the pod's own silo: a pod's scheduling, bind, start and
/// status reports stay in one silo as long as its shard has room (a shard with no feasible node forwards the pod to the
/// next, as always). Watch cache partition N (<see cref="CacheKey"/>) is in slot N too, with the workload controllers of
/// its namespaces, and so their pods (which start beside their controller) and the pods' writes. A scheduler with one
/// shard (the default) and caches with one partition (the default) place nothing: kubelets and caches spread by their
/// key's hash, controllers by load.
/// </summary>
public sealed class ShardSlots(SchedulerDirectory schedulers, IClusterMembershipService membership, ILocalSiloDetails local, Microsoft.Extensions.Options.IOptions<Watching.WatchCacheOptions> caches)
{
    private readonly int _partitions = Math.Max(1, caches.Value.Partitions);

    // One reference, so a placement on one thread and a pod on another never read a version with another's silos.
    private ActiveSet _active = new(MembershipVersion.MinValue, []);

    /// <summary>The scheduler whose shards place kubelets: the first one with more than one shard, if any.</summary>
    private readonly string? _placing = schedulers.SchedulerNames.FirstOrDefault(name => schedulers.Shards(name) > 1);

    /// <summary>
    /// The slot of a scheduler shard, kubelet, watch cache or workload controller grain (its silo is the slot modulo the
    /// silo count), or null when it has none.
    /// </summary>
    public int? SlotOf(string grainKey)
    {
        if (!grainKey.Contains('/', StringComparison.Ordinal))
        {
            // A watch cache: a namespaced kind's partition; a cluster-scoped kind's one cache spreads by its key's hash.
            var cache = CacheKey.Parse(grainKey);
            return _partitions > 1 && Kinds.Get(cache.Kind).Namespaced ? cache.Partition : null;
        }

        if (grainKey.Contains("/shard-", StringComparison.Ordinal))
        {
            var shard = ShardKey.Parse(grainKey);
            return schedulers.IsServed(shard.SchedulerName) && schedulers.Shards(shard.SchedulerName) > 1 ? shard.Shard : null;
        }

        if (grainKey.StartsWith(NodePrefix, StringComparison.Ordinal))
        {
            return _placing is { } name ? ShardKey.ForNode(name, grainKey[NodePrefix.Length..], schedulers.Shards(name)).Shard : null;
        }

        // A workload controller: with its namespace's watch cache partition.
        return _partitions > 1 && grainKey.Split('/') is [_, var ns, ..] ? CacheKey.PartitionOf(ns, _partitions) : null;
    }

    private static readonly string NodePrefix = ObjectKey.For(Kinds.Node, null, "").ToString();

    /// <summary>The silo of <paramref name="slot"/> among <paramref name="silos"/> sorted by address.</summary>
    public static SiloAddress SiloOf(int slot, IReadOnlyList<SiloAddress> silos) => silos[slot % silos.Count];

    /// <summary>
    /// The silo of <paramref name="slot"/> with the silos active as this silo sees them now (null when none is): from
    /// membership rather than the silos Orleans knows to host the grain's type, which lag behind membership for a
    /// moment when silos start together and would put a slot's grain on the wrong silo for good.
    /// </summary>
    public SiloAddress? SiloOfSlot(int slot) => ActiveSilos() is { Length: > 0 } silos ? SiloOf(slot, silos) : null;

    /// <summary>
    /// The shard a new pending pod is queued at: one of its scheduler's shards whose slot is this silo (the pod's grain
    /// runs here), chosen by the pod's key; else the shard its key hashes to. Either is only where the pod starts.
    /// </summary>
    public ShardKey PodShard(string schedulerName, string podKey)
    {
        var shards = schedulers.Shards(schedulerName);
        if (shards < 2 || ActiveSilos() is not { Length: > 1 } silos)
        {
            return schedulers.PodShard(schedulerName, podKey);
        }

        Span<int> localShards = stackalloc int[shards];
        var count = 0;
        for (var shard = 0; shard < shards; shard++)
        {
            if (SiloOf(shard, silos).Equals(local.SiloAddress))
            {
                localShards[count++] = shard;
            }
        }

        return count == 0
            ? schedulers.PodShard(schedulerName, podKey)
            : new ShardKey(schedulerName, localShards[(int)(IndexKey.Hash(podKey) % (uint)count)]);
    }

    private SiloAddress[] ActiveSilos()
    {
        var snapshot = membership.CurrentSnapshot;
        var active = Volatile.Read(ref _active);
        if (snapshot.Version != active.Version)
        {
            active = new ActiveSet(snapshot.Version, [.. snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).Order()]);
            Volatile.Write(ref _active, active);
        }

        return active.Silos;
    }

    private sealed record ActiveSet(MembershipVersion Version, SiloAddress[] Silos);
}

/// <summary>Places scheduler shards and kubelets by <see cref="ShardSlots"/>: a grain with a slot on that silo, others by their key's hash.</summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class ShardSlotPlacement : PlacementStrategy
{
    internal static ShardSlotPlacement Singleton { get; } = new();
}

/// <summary>Marks a grain class as placed by <see cref="ShardSlotPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ShardSlotPlacementAttribute() : PlacementAttribute(ShardSlotPlacement.Singleton);

/// <summary>
/// Places workload controllers (the creators of pods) with their namespace's watch cache partition when caches are
/// partitioned (<see cref="ShardSlots"/>), else by load (Orleans' resource-optimised placement, the default).
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class NamespaceSlotPlacement : PlacementStrategy
{
    internal static NamespaceSlotPlacement Singleton { get; } = new();
}

/// <summary>Marks a grain class as placed by <see cref="NamespaceSlotPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class NamespaceSlotPlacementAttribute() : PlacementAttribute(NamespaceSlotPlacement.Singleton);

/// <summary>
/// The director of <see cref="ShardSlotPlacement"/> and <see cref="NamespaceSlotPlacement"/>: synchronous over the silos
/// compatible with the grain, sorted as Orleans' hash-based placement sorts them (a placement that awaited a grain call
/// stalled silo starts). A grain without a slot goes by its key's hash, or by load for <see cref="NamespaceSlotPlacement"/>.
/// </summary>
public sealed class ShardSlotPlacementDirector(ShardSlots slots, [Microsoft.Extensions.DependencyInjection.FromKeyedServices(typeof(ResourceOptimizedPlacement))] IPlacementDirector byLoad) : IPlacementDirector
{
    private static readonly ResourceOptimizedPlacement ByLoad = new();

    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, silos) is { } hint)
        {
            return Task.FromResult(hint);
        }

        var slot = slots.SlotOf(target.GrainIdentity.Key.ToString()!);
        if (slot is null && strategy is NamespaceSlotPlacement)
        {
            return byLoad.OnAddActivation(ByLoad, target, context);
        }

        if (slot is not null && slots.SiloOfSlot(slot.Value) is { } silo)
        {
            return Task.FromResult(silo);
        }

        var sorted = silos.Order().ToArray();
        return Task.FromResult(ShardSlots.SiloOf(slot ?? (int)(target.GrainIdentity.GetUniformHashCode() & 0x7fffffff), sorted));
    }
}
