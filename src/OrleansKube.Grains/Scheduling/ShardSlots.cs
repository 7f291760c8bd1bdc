using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace OrleansKube.Grains.Scheduling;

/// <summary>
/// Where a sharded scheduler's work lives when several silos run: shard N on the N-th active silo (silos in address
/// order, N modulo their count), each node's kubelet beside its shard, and a new pod queued first at a shard on the
/// pod's own silo. A pod's scheduling, bind, start and status reports then stay in one silo, as long as its shard has
/// room (a shard with no feasible node forwards the pod to the next, as always). A scheduler with one shard (the
/// default) places nothing: kubelets spread by their name's hash and pods start at the one shard.
/// </summary>
public sealed class ShardSlots(SchedulerDirectory schedulers, IClusterMembershipService membership, ILocalSiloDetails local)
{
    private (MembershipVersion Version, SiloAddress[] Silos) _active = (MembershipVersion.MinValue, []);

    /// <summary>The scheduler whose shards place kubelets: the first one with more than one shard, if any.</summary>
    private readonly string? _placing = schedulers.SchedulerNames.FirstOrDefault(name => schedulers.Shards(name) > 1);

    /// <summary>The slot of a shard or kubelet grain (its silo is the slot modulo the silo count), or null when it has none.</summary>
    public int? SlotOf(string grainKey)
    {
        if (grainKey.Contains("/shard-", StringComparison.Ordinal))
        {
            var shard = ShardKey.Parse(grainKey);
            return schedulers.IsServed(shard.SchedulerName) && schedulers.Shards(shard.SchedulerName) > 1 ? shard.Shard : null;
        }

        return _placing is { } name && grainKey.StartsWith(NodePrefix, StringComparison.Ordinal)
            ? ShardKey.ForNode(name, grainKey[NodePrefix.Length..], schedulers.Shards(name)).Shard
            : null;
    }

    private static readonly string NodePrefix = ObjectKey.For(Kinds.Node, null, "").ToString();

    /// <summary>The silo of <paramref name="slot"/> among <paramref name="silos"/> sorted by address.</summary>
    public static SiloAddress SiloOf(int slot, IReadOnlyList<SiloAddress> silos) => silos[slot % silos.Count];

    /// <summary>The silo where <paramref name="shard"/> belongs with the silos active as this silo sees them now.</summary>
    public SiloAddress SiloOf(ShardKey shard) => SiloOf(shard.Shard, ActiveSilos());

    /// <summary>
    /// The shard a new pending pod is queued at: one of its scheduler's shards whose slot is this silo (the pod's grain
    /// runs here), chosen by the pod's key; else the shard its key hashes to. Either is only where the pod starts.
    /// </summary>
    public ShardKey PodShard(string schedulerName, string podKey)
    {
        var shards = schedulers.Shards(schedulerName);
        var silos = ActiveSilos();
        if (shards < 2 || silos.Length < 2)
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
        var active = _active;
        if (snapshot.Version != active.Version)
        {
            active = (snapshot.Version, [.. snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).Order()]);
            _active = active;
        }

        return active.Silos;
    }
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
/// <see cref="ShardSlotPlacement"/>'s director: synchronous over the silos compatible with the grain, sorted as Orleans'
/// hash-based placement sorts them (a placement that awaited a grain call stalled silo starts).
/// </summary>
public sealed class ShardSlotPlacementDirector(ShardSlots slots) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, silos) is { } hint)
        {
            return Task.FromResult(hint);
        }

        var sorted = silos.Order().ToArray();
        var slot = slots.SlotOf(target.GrainIdentity.Key.ToString()!) ?? (int)(target.GrainIdentity.GetUniformHashCode() & 0x7fffffff);
        return Task.FromResult(ShardSlots.SiloOf(slot, sorted));
    }
}
