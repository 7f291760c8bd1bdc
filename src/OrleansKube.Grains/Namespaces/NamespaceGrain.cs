using OrleansKube.Control.Namespaces;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Objects;

namespace OrleansKube.Grains.Namespaces;

/// <summary>
/// A Namespace: delete marks it Terminating (a second delete is upstream's Conflict), its controller empties it and
/// finalizes it, and then it goes. Reloaded while terminating (its silo died, or the cluster restarted), it hands
/// itself to its controller again.
/// </summary>
public sealed class NamespaceGrain(SimulationClock clock) : ObjectGrainBase(clock.Time), INamespaceGrain
{
    public override async Task<KubeObject> DeleteAsync()
    {
        var current = Current as Namespace ?? throw new ApiException(ApiError.NotFound(Key.KindInfo, Key.Name));
        var (marked, error) = NamespaceLifecycle.Delete(current, Now);
        if (error is not null)
        {
            throw new ApiException(error);
        }

        if (marked is null)
        {
            return await RemoveAsync();
        }

        return await StoreAsync(marked); // its controller hears of it from the store's notification
    }

    public async Task<KubeObject?> FinalizeAsync(string finalizer)
    {
        if (Current is not Namespace current)
        {
            return null;
        }

        if (NamespaceLifecycle.RemoveFinalizer(current, finalizer) is not { } finalized)
        {
            return current;
        }

        if (NamespaceLifecycle.IsFinalized(finalized))
        {
            await RemoveAsync();
            return null;
        }

        return await StoreAsync(finalized);
    }

    /// <summary>
    /// A new namespace has its <c>default</c> ServiceAccount before the create returns (upstream's ServiceAccounts
    /// controller makes it a moment later; made here, a pod created right after the namespace is never refused for it).
    /// </summary>
    protected override async Task OnCreatedAsync(KubeObject obj)
    {
        try
        {
            await ObjectStore.For(GrainFactory, new ObjectKey(Kinds.ServiceAccount.Kind, Key.Name, ServiceAccountAdmission.DefaultName))
                .CreateAsync(ServiceAccountAdmission.Default(Key.Name));
        }
        catch (ApiException e) when (e.Reason == ApiErrorReason.AlreadyExists)
        {
            // Kept from before (a durable store), or made by a user first.
        }
    }

    protected override bool IsFinalized(KubeObject obj) => obj is Namespace ns && NamespaceLifecycle.IsFinalized(ns);

    protected override Task OnRestoredAsync(KubeObject obj)
    {
        if (obj.Metadata.DeletionTimestamp is not null)
        {
            GrainFactory.Get<INamespaceControllerGrain>(Key.ToString()).NamespaceChangedAsync(obj.AsImmutable()).Ignore();
        }

        return Task.CompletedTask;
    }
}
