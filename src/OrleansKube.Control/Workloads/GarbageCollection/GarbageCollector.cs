namespace OrleansKube.Control.Workloads.GarbageCollection;

/// <summary>
/// The garbage collector's decisions over ownerReferences (upstream's attemptToDelete / orphan paths): an owner
/// deleted in the background takes its dependents with it unless they have another owner still there (then only
/// the dangling reference goes); an orphaning owner leaves its dependents without the reference and then goes; a
/// foreground owner deletes its dependents and goes once none that blocks it (blockOwnerDeletion) remains.
/// </summary>
public sealed class GarbageCollector(IObjectControl control)
{
    public const string ForegroundFinalizer = "foregroundDeletion";
    public const string OrphanFinalizer = "orphan";

    /// <summary>The finalizer a deletion with <paramref name="policy"/> puts on the owner (none for Background).</summary>
    public static string? FinalizerFor(DeletionPropagation policy) => policy switch
    {
        DeletionPropagation.Foreground => ForegroundFinalizer,
        DeletionPropagation.Orphan => OrphanFinalizer,
        _ => null,
    };

    /// <summary>The dependents that name <paramref name="ownerUid"/> in their ownerReferences.</summary>
    public static List<KubeObject> DependentsOf(string ownerUid, IEnumerable<KubeObject> candidates) =>
        [.. candidates.Where(c => c.Metadata.OwnerReferences?.Any(o => o.Uid == ownerUid) == true)];

    /// <summary>
    /// A background-deleted owner is gone: each dependent is deleted when none of its other owners exists, else loses
    /// the dangling reference. <paramref name="ownerExists"/> says whether an owner (by uid) still exists.
    /// </summary>
    public async Task CollectAsync(string goneUid, IEnumerable<KubeObject> dependents, Func<OwnerReference, Task<bool>> ownerExists)
    {
        // One write per dependent: the caller bounds a slice by how many dependents it passes.
        foreach (var dependent in dependents)
        {
            var others = (dependent.Metadata.OwnerReferences ?? []).Where(o => o.Uid != goneUid).ToList();
            var anyAlive = false;
            foreach (var other in others)
            {
                anyAlive |= await ownerExists(other);
            }

            if (anyAlive)
            {
                await control.TryUpdateAsync(ControllerRefs.WithoutOwner(dependent, goneUid));
            }
            else
            {
                await control.TryDeleteAsync(dependent);
            }
        }
    }

    /// <summary>
    /// An owner marked for deletion with a finalizer of the collector's: orphans or deletes its dependents as the
    /// finalizer asks. Returns whether the collector is done with it (its finalizer went, or it has none of ours); not
    /// done either while blocked or when <paramref name="budget"/> ran out first (the rest waits for the next slice).
    /// </summary>
    public async Task<bool> FinishAsync(KubeObject owner, IReadOnlyList<KubeObject> dependents, WriteBudget? budget = null)
    {
        var finalizers = owner.Metadata.Finalizers ?? [];
        if (finalizers.Contains(OrphanFinalizer))
        {
            return await OrphanAsync(owner, dependents, budget);
        }

        return !finalizers.Contains(ForegroundFinalizer) || await ForegroundAsync(owner, dependents, budget);
    }

    /// <summary>
    /// An orphaning owner: its dependents lose the reference, then the owner's orphan finalizer goes (and with it the
    /// owner). Returns false when <paramref name="budget"/> ran out before the owner's turn came.
    /// </summary>
    public async Task<bool> OrphanAsync(KubeObject owner, IEnumerable<KubeObject> dependents, WriteBudget? budget = null)
    {
        budget ??= WriteBudget.Unbounded;
        foreach (var dependent in dependents)
        {
            if (budget.Exhausted)
            {
                return false;
            }

            budget.Spend();
            await control.TryUpdateAsync(ControllerRefs.WithoutOwner(dependent, owner.Metadata.Uid!));
        }

        budget.Spend();
        await control.UpdateAsync(WithoutFinalizer(owner, OrphanFinalizer));
        return true;
    }

    /// <summary>
    /// A foreground owner: dependents not yet being deleted are deleted; once no remaining dependent blocks the owner,
    /// its finalizer goes. Returns whether the owner was released.
    /// </summary>
    public async Task<bool> ForegroundAsync(KubeObject owner, IReadOnlyList<KubeObject> dependents, WriteBudget? budget = null)
    {
        budget ??= WriteBudget.Unbounded;
        foreach (var dependent in dependents.Where(d => d.Metadata.DeletionTimestamp is null))
        {
            if (budget.Exhausted)
            {
                return false;
            }

            budget.Spend();
            await control.TryDeleteAsync(dependent);
        }

        var blocking = dependents.Any(d => d.Metadata.OwnerReferences!.Any(o => o.Uid == owner.Metadata.Uid && o.BlockOwnerDeletion == true));
        if (blocking)
        {
            return false;
        }

        budget.Spend();
        await control.UpdateAsync(WithoutFinalizer(owner, ForegroundFinalizer));
        return true;
    }

    public static T WithoutFinalizer<T>(T obj, string finalizer)
        where T : KubeObject
    {
        var remaining = (obj.Metadata.Finalizers ?? []).Where(f => f != finalizer).ToList();
        return obj with { Metadata = obj.Metadata with { Finalizers = remaining.Count == 0 ? null : remaining } };
    }
}
