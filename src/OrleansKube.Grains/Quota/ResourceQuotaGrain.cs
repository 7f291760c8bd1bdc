using OrleansKube.Model.Resources;
using OrleansKube.Control.Quota;
using OrleansKube.Control.Watching;
using OrleansKube.Grains.Abstractions.Watching;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Objects;

namespace OrleansKube.Grains.Quota;

/// <summary>
/// The quota admission and quota controller of one namespace, over <see cref="QuotaLedger"/> and <see cref="QuotaUsage"/>:
/// not reentrant, so admissions are charged one after the other against what the watch cache lists plus what it
/// admitted but the cache does not show yet. While the namespace has quotas it recomputes their status every 10 s of
/// simulated time (deleted and finished pods free their share there and at the next admission).
/// </summary>
public sealed class ResourceQuotaGrain(SimulationClock clock, SharedReferences references) : Grain, IResourceQuotaGrain
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    private readonly QuotaLedger _ledger = new(TimeSpan.FromSeconds(30));
    private GrainTimer? _resync;

    private string Namespace => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _resync = new GrainTimer(clock, this.AsReference<IResourceQuotaGrain>().SyncAsync);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _resync?.Dispose();
        return Task.CompletedTask;
    }

    public async Task<string?> AdmitAsync(Immutable<KubeObject> obj, Immutable<List<ResourceQuota>> quotas)
    {
        var listed = await ListChargedAsync(quotas.Value);
        var refused = _ledger.Admit(obj.Value, quotas.Value, listed, clock.Time.GetUtcNow());
        _resync?.WakeBy(clock.Time.GetUtcNow() + TimeSpan.FromSeconds(1));
        return refused?.Message;
    }

    public async Task<string?> AdmitUpdateAsync(Immutable<KubeObject> obj, Immutable<KubeObject> previous, Immutable<List<ResourceQuota>> quotas)
    {
        var listed = await ListChargedAsync(quotas.Value);
        var refused = _ledger.AdmitUpdate(obj.Value, previous.Value, quotas.Value, listed, clock.Time.GetUtcNow());
        _resync?.WakeBy(clock.Time.GetUtcNow() + TimeSpan.FromSeconds(1));
        return refused?.Message;
    }

    public async Task SyncAsync()
    {
        var quotas = (await ListAsync(Kinds.ResourceQuota)).Cast<ResourceQuota>().ToList();
        if (quotas.Count == 0)
        {
            return; // nothing to keep: the grain may go idle
        }

        var listed = await ListChargedAsync(quotas);
        _ledger.Forget(listed, clock.Time.GetUtcNow());
        var counted = _ledger.Counted(listed).ToList();
        foreach (var quota in quotas)
        {
            var status = new ResourceQuotaStatus { Hard = new(quota.Spec?.Hard ?? [], StringComparer.Ordinal), Used = QuotaUsage.Used(quota, counted) };
            if (Same(quota.Status?.Hard, status.Hard) && Same(quota.Status?.Used, status.Used))
            {
                continue;
            }

            try
            {
                await ObjectStore.For(GrainFactory, ObjectKey.Of(quota)).UpdateStatusAsync(quota with { Status = status });
            }
            catch (ApiException)
            {
                // Changed or deleted meanwhile: the next pass writes it from what it is then.
            }
        }

        _resync?.WakeAt(clock.Time.GetUtcNow() + Period);
    }

    /// <summary>The namespace's objects of every kind the quotas charge.</summary>
    private async Task<List<KubeObject>> ListChargedAsync(IEnumerable<ResourceQuota> quotas)
    {
        var kinds = quotas.SelectMany(q => (q.Spec?.Hard ?? []).Keys).Select(QuotaUsage.KindOf).OfType<KindInfo>().Distinct();
        var lists = await Task.WhenAll(kinds.Select(ListAsync));
        return [.. lists.SelectMany(l => l)];
    }

    private async Task<List<KubeObject>> ListAsync(KindInfo kind)
    {
        var page = await references.WatchCache(kind.Kind, Namespace).ListAsync(new CacheQuery(Namespace, null, null, null, null));
        return page.Refusal == ListRefusal.None ? page.Items : throw new ApiException(ApiErrorReason.InternalError, page.Message ?? $"listing {kind.Plural} failed");
    }

    private static bool Same(Dictionary<string, Quantity>? a, Dictionary<string, Quantity> b) =>
        a is not null && a.Count == b.Count && b.All(p => a.TryGetValue(p.Key, out var v) && v == p.Value && v.ToString() == p.Value.ToString());
}
