using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Objects;

/// <summary>
/// A write the store did not answer (Redis restarted or the connection dropped after the request left) may have
/// landed: a create the client saw fail can be in the store while this grain, its index shard and the watch cache
/// rolled it back. Until the store answers again the grain stays active and asks it every
/// <see cref="StoreWatch.Interval"/>; then it takes what the store holds as the truth (stored again, so watchers and
/// lists see it with a new resourceVersion, or removed), as etcd's answer after an ambiguous timeout is the truth.
/// </summary>
public abstract partial class ObjectGrainBase
{
    private GrainTimer? _storeCheck;

    public async Task SettleWithStoreAsync()
    {
        if (_storeCheck is null)
        {
            return;
        }

        KubeObject? stored;
        try
        {
            stored = await Repository.GetAsync(Shard, Key.Name);
        }
        catch (ApiException e) when (e.Reason == ApiErrorReason.InternalError)
        {
            _storeCheck.WakeAt(Time.GetUtcNow() + StoreWatch.Interval); // still no answer
            return;
        }

        _storeCheck.Dispose();
        _storeCheck = null;
        var current = Current;
        if (stored is null)
        {
            if (current is null)
            {
                DeactivateOnIdle();
            }
            else
            {
                // The removal landed: finish it here.
                Metrics.ObjectChanged(current, null);
                Current = null;
                await WithdrawAsync(current);
                DeactivateOnIdle();
            }
        }
        else if (current?.Metadata.ResourceVersion != stored.Metadata.ResourceVersion)
        {
            // The write landed (or an earlier one is what the store kept): store it again, so everyone sees it.
            await RepublishAsync(current, stored);
        }
    }

    /// <summary>
    /// Stores the store's copy again (a new resourceVersion: the watch cache, the index shard and the controllers see it)
    /// over <paramref name="seen"/>, what they saw before (null: nothing, so it is a create to them).
    /// </summary>
    private async Task RepublishAsync(KubeObject? seen, KubeObject stored)
    {
        var adopted = await StoreAsync(stored);
        await (seen is null ? OnCreatedAsync(adopted) : OnUpdatedAsync(seen, adopted));
    }

    /// <summary>A store write failed: unless the store is lost (nothing is served then), settle with it once it answers.</summary>
    private void StoreOutcomeUnknown(Exception error)
    {
        if (error is not ApiException { Reason: ApiErrorReason.InternalError } || !Repository.Durable)
        {
            return;
        }

        _storeCheck ??= new GrainTimer(ServiceProvider.GetRequiredService<SimulationClock>(), this.AsReference<IObjectGrain>().SettleWithStoreAsync);
        _storeCheck.WakeAt(Time.GetUtcNow() + StoreWatch.Interval);
        DelayDeactivation(TimeSpan.MaxValue);
    }
}
