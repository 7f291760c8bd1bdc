using OrleansKube.Control.Quota;
using OrleansKube.Control.Storage;
using OrleansKube.Grains.Abstractions.Watching;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Objects;
using OrleansKube.Model.Storage;

namespace OrleansKube.Grains.Api;

/// <summary>LimitRanger and ResourceQuota admission of new objects, and ResourceQuota admission of the updates it charges.</summary>
public sealed partial class ApiGrain
{
    /// <summary>
    /// Defaults and checks a new object against its namespace's LimitRanges, then charges it to the ResourceQuotas it
    /// falls under through the namespace's <see cref="IResourceQuotaGrain"/>. Both kinds are read from the watch cache once
    /// per namespace and batch, with the batch's own; a namespace without either pays those two cached lists and nothing else.
    /// </summary>
    private async Task<ApiError?> AdmitLimitsAsync(KubeObject obj, Dictionary<string, (List<LimitRange> Ranges, List<ResourceQuota> Quotas)> known, List<KubeObject> batch, HashSet<string?> namespacesInBatch)
    {
        var policy = await PolicyAsync(obj.Metadata.Namespace!, known, batch, namespacesInBatch);
        if (LimitRangeAdmission.Admit(obj, policy.Ranges) is { } limited)
        {
            return limited;
        }

        var charged = QuotaAdmission.Charged(obj, policy.Quotas);
        if (charged.Count == 0)
        {
            return null;
        }

        if (QuotaAdmission.Constraints(obj, charged) is { } unstated)
        {
            return unstated;
        }

        return await GrainFactory.Get<IResourceQuotaGrain>(obj.Metadata.Namespace!).AdmitAsync(obj.AsImmutable(), charged.AsImmutable()) is { } exceeded
            ? new ApiError(ApiErrorReason.Forbidden, exceeded)
            : null;
    }

    /// <summary>
    /// Upstream's admission of an update that may charge a quota (claims and Services): a claim grows only by the
    /// PersistentVolumeClaimResize rules (an update its validation refuses is left to that, as upstream validates first);
    /// then only what grew is charged, and only when a quota limits it; a namespace without quotas pays one cached list.
    /// </summary>
    private async Task<ApiError?> AdmitQuotaUpdateAsync(KubeObject obj, KubeObject existing, Dictionary<string, (List<LimitRange> Ranges, List<ResourceQuota> Quotas)> known, List<KubeObject> batch, HashSet<string?> namespacesInBatch)
    {
        if (existing is PersistentVolumeClaim currentClaim && obj is PersistentVolumeClaim updatedClaim
            && ClaimResize.Requested(updatedClaim) > ClaimResize.Requested(currentClaim) && !ClaimResize.UpdateErrors(currentClaim, updatedClaim).Any())
        {
            var className = updatedClaim.Spec?.StorageClassName;
            var storageClass = string.IsNullOrEmpty(className) ? null : await ObjectStore.For(GrainFactory, ObjectKey.For(Kinds.StorageClass, null, className)).GetAsync() as StorageClass;
            if (ClaimResize.Admit(currentClaim, updatedClaim, name => name == className ? storageClass : null) is { } refused)
            {
                return refused;
            }
        }

        var delta = QuotaAdmission.UpdateDelta(existing, obj);
        if (delta.Count == 0)
        {
            return null;
        }

        var policy = await PolicyAsync(obj.Metadata.Namespace!, known, batch, namespacesInBatch);
        var charged = QuotaAdmission.Charged(obj, delta, policy.Quotas);
        if (charged.Count == 0)
        {
            return null;
        }

        return await GrainFactory.Get<IResourceQuotaGrain>(obj.Metadata.Namespace!).AdmitUpdateAsync(obj.AsImmutable(), existing.AsImmutable(), charged.AsImmutable()) is { } exceeded
            ? new ApiError(ApiErrorReason.Forbidden, exceeded)
            : null;
    }

    /// <summary>The namespace's LimitRanges and ResourceQuotas, read from the watch cache once per namespace and batch, with the batch's own.</summary>
    private async Task<(List<LimitRange> Ranges, List<ResourceQuota> Quotas)> PolicyAsync(string ns, Dictionary<string, (List<LimitRange> Ranges, List<ResourceQuota> Quotas)> known, List<KubeObject> batch, HashSet<string?> namespacesInBatch)
    {
        if (!known.TryGetValue(ns, out var policy))
        {
            var inBatch = batch.Where(o => o.Metadata.Namespace == ns).ToList();
            if (namespacesInBatch.Contains(ns))
            {
                policy = ([.. inBatch.OfType<LimitRange>()], [.. inBatch.OfType<ResourceQuota>()]);
            }
            else
            {
                var query = new CacheQuery(ns, null, null, null, null);
                var ranges = ListCachedAsync(Kinds.LimitRange, query);
                var quotas = ListCachedAsync(Kinds.ResourceQuota, query);
                policy = (
                    [.. Merge((await ranges).Cast<LimitRange>(), inBatch.OfType<LimitRange>())],
                    [.. Merge((await quotas).Cast<ResourceQuota>(), inBatch.OfType<ResourceQuota>())]);
            }

            known[ns] = policy;
        }

        return policy;
    }

    /// <summary>After a quota is written, its status is filled in (hard, used) without waiting for the periodic pass.</summary>
    private void SyncQuotas(KubeObject written)
    {
        if (written is ResourceQuota)
        {
            GrainFactory.Get<IResourceQuotaGrain>(written.Metadata.Namespace!).SyncAsync().Ignore();
        }
    }

    // The batch's own version of an object replaces the cached one.
    private static IEnumerable<T> Merge<T>(IEnumerable<T> cached, IEnumerable<T> own) where T : KubeObject
    {
        var mine = own.ToList();
        return cached.Where(c => mine.All(m => m.Metadata.Name != c.Metadata.Name)).Concat(mine);
    }
}
