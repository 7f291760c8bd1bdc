using System.Runtime.InteropServices;
using OrleansKube.Model.Selection;

namespace OrleansKube.Control.Workloads;

/// <summary>Owner references with <c>controller: true</c>: who controls an object, and upstream's claim rules.</summary>
public static class ControllerRefs
{
    public static OwnerReference? ControllerOf(KubeObject obj)
    {
        foreach (var owner in CollectionsMarshal.AsSpan(obj.Metadata.OwnerReferences))
        {
            if (owner.Controller == true)
            {
                return owner;
            }
        }

        return null;
    }

    /// <summary>The reference a controller puts on what it creates or adopts (controller and blockOwnerDeletion set).</summary>
    public static OwnerReference For(KubeObject owner) => new()
    {
        ApiVersion = Kinds.Of(owner).ApiVersion,
        Kind = Kinds.Of(owner).Kind,
        Name = owner.Metadata.Name!,
        Uid = owner.Metadata.Uid!,
        Controller = true,
        BlockOwnerDeletion = true,
    };

    public static bool IsControlledBy(KubeObject obj, KubeObject owner) => ControllerOf(obj)?.Uid == owner.Metadata.Uid;

    /// <summary>
    /// Upstream's ClaimObjects: objects this owner controls and still selects are kept; those it controls but no
    /// longer selects are released (unless it is being deleted); orphans it selects are adopted (unless either is
    /// being deleted); everything else is left alone.
    /// </summary>
    public static Claim<T> Claim<T>(KubeObject owner, Selector selector, IEnumerable<T> candidates)
        where T : KubeObject
    {
        var claimed = new List<T>(candidates.TryGetNonEnumeratedCount(out var count) ? count : 0);
        var adopt = new List<T>();
        var release = new List<T>();
        var ownerDeleting = owner.Metadata.DeletionTimestamp is not null;
        foreach (var obj in candidates)
        {
            var controller = ControllerOf(obj);
            var matches = selector.Matches(obj.Metadata.Labels);
            if (controller is not null)
            {
                if (controller.Uid != owner.Metadata.Uid)
                {
                    continue;
                }

                if (matches)
                {
                    claimed.Add(obj);
                }
                else if (!ownerDeleting && obj.Metadata.DeletionTimestamp is null)
                {
                    release.Add(obj);
                }
            }
            else if (matches && !ownerDeleting && obj.Metadata.DeletionTimestamp is null)
            {
                adopt.Add(obj);
            }
        }

        return new Claim<T>(claimed, adopt, release);
    }

    /// <summary>Claims and acts on it: adopts the orphans and releases the strays through <paramref name="control"/>; returns what the owner controls now.</summary>
    public static async Task<List<T>> ClaimAsync<T>(IObjectControl control, KubeObject owner, Selector selector, IEnumerable<T> candidates)
        where T : KubeObject
    {
        var claim = Claim(owner, selector, candidates);
        var claimed = claim.Claimed;
        foreach (var orphan in claim.Adopt)
        {
            if (await control.TryUpdateAsync(Adopted(orphan, owner)) is T adopted)
            {
                claimed.Add(adopted);
            }
        }

        foreach (var stray in claim.Release)
        {
            await control.TryUpdateAsync(WithoutOwner(stray, owner.Metadata.Uid!));
        }

        return claimed;
    }

    /// <summary>A copy of <paramref name="obj"/> controlled by <paramref name="owner"/>.</summary>
    public static T Adopted<T>(T obj, KubeObject owner)
        where T : KubeObject =>
        obj with { Metadata = obj.Metadata with { OwnerReferences = [.. obj.Metadata.OwnerReferences ?? [], For(owner)] } };

    /// <summary>A copy of <paramref name="obj"/> without the reference to the owner <paramref name="ownerUid"/> (released, orphaned, or its owner gone).</summary>
    public static T WithoutOwner<T>(T obj, string ownerUid)
        where T : KubeObject
    {
        var remaining = (obj.Metadata.OwnerReferences ?? []).Where(o => o.Uid != ownerUid).ToList();
        return obj with { Metadata = obj.Metadata with { OwnerReferences = remaining.Count == 0 ? null : remaining } };
    }
}
