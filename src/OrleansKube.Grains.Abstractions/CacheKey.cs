namespace OrleansKube.Grains.Abstractions;

/// <summary>
/// Keys of the watch cache grains: <c>Kind</c>, or <c>Kind#P</c> for partition P &gt; 0. A kind's cache may be split into
/// partitions by namespace (<c>WatchCacheOptions.Partitions</c>, the same on every silo): a namespace's objects commit to
/// the partition its name hashes to; cluster-scoped kinds, and every kind with one partition (the default), have the
/// one cache keyed by the kind alone.
/// </summary>
public readonly record struct CacheKey(string Kind, int Partition)
{
    /// <summary>The cache a namespace's objects of <paramref name="kind"/> commit to.</summary>
    public static CacheKey Of(Model.Meta.KindInfo kind, string? ns, int partitions) =>
        new(kind.Kind, kind.Namespaced && partitions > 1 && !string.IsNullOrEmpty(ns) ? PartitionOf(ns, partitions) : 0);

    public static int PartitionOf(string ns, int partitions) => (int)(IndexKey.Hash(ns) % (uint)partitions);

    /// <summary>Every partition of <paramref name="kind"/> (one for a cluster-scoped kind).</summary>
    public static IEnumerable<CacheKey> All(Model.Meta.KindInfo kind, int partitions) =>
        Enumerable.Range(0, kind.Namespaced ? Math.Max(1, partitions) : 1).Select(p => new CacheKey(kind.Kind, p));

    public override string ToString() => Partition == 0 ? Kind : $"{Kind}#{Partition}";

    public static CacheKey Parse(string text)
    {
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? new CacheKey(text, 0)
            : int.TryParse(text.AsSpan(hash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) && p > 0
                ? new CacheKey(text[..hash], p)
                : throw new FormatException($"not a watch cache key: {text}");
    }
}
