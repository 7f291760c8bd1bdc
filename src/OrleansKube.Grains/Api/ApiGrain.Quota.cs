using OrleansKube.Control.Quota;
using OrleansKube.Grains.Abstractions.Watching;
using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Api;

/// <summary>LimitRanger and ResourceQuota admission of new objects.</summary>
public sealed partial class ApiGrain
{
    /// <summary>
    /// Defaults and checks a new object against its namespace's LimitRanges, then charges it to the ResourceQuotas it
    /// falls under through the namespace's <see cref="IResourceQuotaGrain"/>. Both kinds are read from the watch cache once
    /// per namespace and batch, with the batch's own; a namespace without either pays those two cached lists and nothing else.
    /// </summary>
    private async Task<ApiError?> AdmitLimitsAsync(KubeObject obj, Dictionary<string, (List<LimitRange> Ranges, List<ResourceQuota> Quotas)> known, List<KubeObject> batch, HashSet<string?> namespacesInBatch)
    {
        var ns = obj.Metadata.Namespace!;
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

        return await GrainFactory.Get<IResourceQuotaGrain>(ns).AdmitAsync(obj.AsImmutable(), charged.AsImmutable()) is { } exceeded
            ? new ApiError(ApiErrorReason.Forbidden, exceeded)
            : null;
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
