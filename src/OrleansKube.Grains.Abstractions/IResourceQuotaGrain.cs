using Orleans.Concurrency;
using OrleansKube.Model.Core;
using OrleansKube.Model.Meta;

namespace OrleansKube.Grains.Abstractions;

/// <summary>
/// The ResourceQuotas of one namespace (keyed by its name): admits new objects against them one at a time, so two
/// concurrent creates cannot both take the last slot, and keeps each quota's status (hard, used).
/// </summary>
[Alias("OrleansKube.IResourceQuotaGrain")]
public interface IResourceQuotaGrain : IGrainWithStringKey
{
    /// <summary>Charges a new object to the <paramref name="quotas"/> it falls under; the Forbidden message when it would exceed one, else null (and it is reserved).</summary>
    [Alias("Admit")]
    Task<string?> AdmitAsync(Immutable<KubeObject> obj, Immutable<List<ResourceQuota>> quotas);

    /// <summary>Charges an update of <paramref name="previous"/> its growth (a claim resized, a Service made NodePort); the Forbidden message when it would exceed a quota, else null.</summary>
    [Alias("AdmitUpdate")]
    Task<string?> AdmitUpdateAsync(Immutable<KubeObject> obj, Immutable<KubeObject> previous, Immutable<List<ResourceQuota>> quotas);

    /// <summary>Recomputes the namespace's quotas' status.used from the objects (its periodic pass, and after a quota is written).</summary>
    [OneWay]
    [Alias("Sync")]
    Task SyncAsync();
}
