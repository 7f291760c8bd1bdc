using OrleansKube.Model.Serialization;
using System.Text.Json;
using StackExchange.Redis;

namespace OrleansKube.Grains.Hosting;

/// <summary>
/// Where objects outlive the grains holding them: the etcd of the simulation. The embedded default keeps
/// objects only in their grains (<see cref="InMemory"/>: nothing is written, nothing survives a silo);
/// with Redis every stored change is written before it is acknowledged, one hash per index shard
/// (field: the object's name), so an object grain reloads its object and an index shard its objects
/// when they come back on another silo. Small tables of other grains (the IPAM's node indexes) sit beside them.
/// </summary>
public abstract class ObjectRepository
{
    public static ObjectRepository InMemory { get; } = new MemoryOnly();

    /// <summary>Whether anything is kept outside the grains (whether grains reload on activation).</summary>
    public abstract bool Durable { get; }

    public abstract Task PutAsync(IndexKey shard, KubeObject obj);

    public abstract Task RemoveAsync(IndexKey shard, string name);

    /// <summary>Removes many objects of one shard in one request (expired Events).</summary>
    public abstract Task RemoveAsync(IndexKey shard, IReadOnlyCollection<string> names);

    public abstract Task<KubeObject?> GetAsync(IndexKey shard, string name);

    public abstract Task<List<KubeObject>> LoadAsync(IndexKey shard);

    public abstract Task PutValueAsync(string table, string field, string value);

    public abstract Task<Dictionary<string, string>> LoadValuesAsync(string table);

    /// <summary>An object's stored form: its JSON, the kind read back from it.</summary>
    public static string Serialize(KubeObject obj) => KubeJson.Serialize(obj);

    public static KubeObject Deserialize(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var kind = Kinds.Find(root.GetProperty("apiVersion").GetString(), root.GetProperty("kind").GetString())
            ?? throw new InvalidOperationException($"stored object of unknown kind: {json[..Math.Min(json.Length, 120)]}");
        return (KubeObject)root.Deserialize(kind.ClrType, KubeJson.Options)!;
    }

    private sealed class MemoryOnly : ObjectRepository
    {
        public override bool Durable => false;

        public override Task PutAsync(IndexKey shard, KubeObject obj) => Task.CompletedTask;

        public override Task RemoveAsync(IndexKey shard, string name) => Task.CompletedTask;

        public override Task RemoveAsync(IndexKey shard, IReadOnlyCollection<string> names) => Task.CompletedTask;

        public override Task<KubeObject?> GetAsync(IndexKey shard, string name) => Task.FromResult<KubeObject?>(null);

        public override Task<List<KubeObject>> LoadAsync(IndexKey shard) => Task.FromResult(new List<KubeObject>());

        public override Task PutValueAsync(string table, string field, string value) => Task.CompletedTask;

        public override Task<Dictionary<string, string>> LoadValuesAsync(string table) => Task.FromResult(new Dictionary<string, string>());
    }
}

/// <summary>
/// Objects in Redis hashes under <c>{prefix}:{Kind/namespace/shard-N}</c>. The connection opens while the silo
/// starts, before any grain runs (<see cref="ConnectAsync"/>): a first use blocking grain threads starves them.
/// </summary>
public sealed class RedisObjectRepository(string configuration, string prefix) : ObjectRepository, IDisposable, ILifecycleParticipant<ISiloLifecycle>
{
    private ConnectionMultiplexer? _connection;

    public override bool Durable => true;

    private IDatabase Db => (_connection ?? throw new InvalidOperationException("the Redis connection is not open yet")).GetDatabase();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(RedisObjectRepository), ServiceLifecycleStage.RuntimeInitialize, _ => ConnectAsync());

    public async Task ConnectAsync() => _connection ??= await ConnectionMultiplexer.ConnectAsync(configuration);

    public override Task PutAsync(IndexKey shard, KubeObject obj) =>
        Db.HashSetAsync(Key(shard), obj.Metadata.Name, Serialize(obj));

    public override Task RemoveAsync(IndexKey shard, string name) => Db.HashDeleteAsync(Key(shard), name);

    public override Task RemoveAsync(IndexKey shard, IReadOnlyCollection<string> names) =>
        Db.HashDeleteAsync(Key(shard), [.. names.Select(n => (RedisValue)n)]);

    public override async Task<KubeObject?> GetAsync(IndexKey shard, string name) =>
        await Db.HashGetAsync(Key(shard), name) is { HasValue: true } value ? Deserialize(value.ToString()) : null;

    public override async Task<List<KubeObject>> LoadAsync(IndexKey shard) =>
        [.. (await Db.HashGetAllAsync(Key(shard))).Select(entry => Deserialize(entry.Value.ToString()))];

    public override Task PutValueAsync(string table, string field, string value) => Db.HashSetAsync(TableKey(table), field, value);

    public override async Task<Dictionary<string, string>> LoadValuesAsync(string table) =>
        (await Db.HashGetAllAsync(TableKey(table))).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);

    public void Dispose() => _connection?.Dispose();

    private RedisKey Key(IndexKey shard) => $"{prefix}:{shard}";

    private RedisKey TableKey(string table) => $"{prefix}:table:{table}";
}
