namespace OrleansKube.Grains.Abstractions;

/// <summary>
/// The one place scheduler shard keys are built and parsed: <c>schedulerName/shard-N</c>. Nodes belong to the
/// shard their name hashes to; a pending pod starts at the shard its <c>namespace/name</c> hashes to.
/// </summary>
public readonly record struct ShardKey(string SchedulerName, int Shard)
{
    public static ShardKey ForNode(string schedulerName, string nodeName, int shards) => new(schedulerName, (int)(IndexKey.Hash(nodeName) % (uint)shards));

    public static ShardKey ForPod(string schedulerName, string podKey, int shards) => new(schedulerName, (int)(IndexKey.Hash(podKey) % (uint)shards));

    public static ShardKey Parse(string key)
    {
        var at = key.LastIndexOf("/shard-", StringComparison.Ordinal);
        return at > 0 && int.TryParse(key[(at + 7)..], out var shard) ? new ShardKey(key[..at], shard) : throw new FormatException($"not a scheduler shard key: \"{key}\"");
    }

    public ShardKey Next(int shards) => this with { Shard = (Shard + 1) % shards };

    public override string ToString() => $"{SchedulerName}/shard-{Shard}";
}
