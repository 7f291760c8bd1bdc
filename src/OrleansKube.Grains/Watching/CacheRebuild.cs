using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Watching;

/// <summary>
/// What a watch cache starts from: every object of its kind as the index shards hold them (namespaces first,
/// then each namespace's shards). The shards answer lists between their turns (<c>ListAsync</c> interleaves), so a
/// shard waiting on a commit to the very cache that is being rebuilt does not deadlock it.
/// </summary>
public static class CacheRebuild
{
    /// <summary>The objects of <paramref name="kind"/> in the namespaces of <paramref name="partition"/> of <paramref name="partitions"/> (see <see cref="CacheKey"/>).</summary>
    public static async Task<List<KubeObject>> LoadAsync(IGrainFactory grains, KindInfo kind, int partition = 0, int partitions = 1)
    {
        IEnumerable<string> namespaces = [""];
        if (kind.Namespaced)
        {
            namespaces = (await ListAsync(grains, Kinds.Namespace, "")).Select(n => n.Metadata.Name!)
                .Where(ns => CacheKey.Of(kind, ns, partitions).Partition == partition);
        }

        var lists = await Task.WhenAll(namespaces.Select(ns => ListAsync(grains, kind, ns)));
        return [.. lists.SelectMany(l => l)];
    }

    private static async Task<List<KubeObject>> ListAsync(IGrainFactory grains, KindInfo kind, string ns)
    {
        var shards = await Task.WhenAll(IndexKey.AllShards(kind.Kind, ns)
            .Select(key => grains.Get<IObjectIndexGrain>(key.ToString()).ListAsync(null, null)));
        return [.. shards.SelectMany(s => s.Value)];
    }
}
