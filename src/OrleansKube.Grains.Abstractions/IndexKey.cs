namespace OrleansKube.Grains.Abstractions;

/// <summary>Keys of the index grains that answer lists: <c>Kind/namespace/shard-N</c>; an object's shard is a stable hash of its name.</summary>
public readonly record struct IndexKey(string Kind, string Namespace, int Shard)
{
    public const int ShardCount = 8;

    public static IndexKey Of(ObjectKey key) => new(key.Kind, key.Namespace, ShardOf(key.Name));

    public static IEnumerable<IndexKey> AllShards(string kind, string ns) =>
        Enumerable.Range(0, ShardCount).Select(shard => new IndexKey(kind, ns, shard));

    /// <summary>FNV-1a: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    public static int ShardOf(string name) => (int)(Hash(name) % ShardCount);

    public static uint Hash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    public override string ToString() => $"{Kind}/{Namespace}/shard-{Shard}";
}
