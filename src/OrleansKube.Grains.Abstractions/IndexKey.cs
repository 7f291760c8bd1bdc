namespace OrleansKube.Grains.Abstractions;

/// <summary>
/// Keys of the index grains that answer lists: <c>Kind/namespace/shard-N</c>; an object's shard is a stable hash of its
/// name. An Event's is the hash of its name up to the last dot (<c>{object}.{hex}</c>: the object it is about), so a
/// component's events about one object land in one shard and go there in one call.
/// </summary>
public readonly record struct IndexKey(string Kind, string Namespace, int Shard)
{
    public const int ShardCount = 8;

    public static IndexKey Of(ObjectKey key) =>
        new(key.Kind, key.Namespace, (int)(Hash(key.Kind == Model.Meta.Kinds.Event.Kind ? EventGroup(key.Name) : key.Name) % ShardCount));

    private static ReadOnlySpan<char> EventGroup(string name) => name.LastIndexOf('.') is > 0 and var dot ? name.AsSpan(0, dot) : name;

    public static IEnumerable<IndexKey> AllShards(string kind, string ns) =>
        Enumerable.Range(0, ShardCount).Select(shard => new IndexKey(kind, ns, shard));

    /// <summary>FNV-1a: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    public static int ShardOf(string name) => (int)(Hash(name) % ShardCount);

    public static uint Hash(ReadOnlySpan<char> text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    public override string ToString() => $"{Kind}/{Namespace}/shard-{Shard}";

    /// <summary>The key back from its string form (an index grain's primary key).</summary>
    public static IndexKey Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 3 || !parts[2].StartsWith("shard-", StringComparison.Ordinal)
            || !int.TryParse(parts[2].AsSpan("shard-".Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var shard))
        {
            throw new FormatException($"not an index key: {text}");
        }

        return new IndexKey(parts[0], parts[1], shard);
    }
}
