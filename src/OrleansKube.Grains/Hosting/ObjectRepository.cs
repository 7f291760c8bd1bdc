using OrleansKube.Model.Serialization;
using System.Text.Json;

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

    /// <summary>
    /// Reserves the next <paramref name="count"/> resourceVersions of a kind and returns the highest of them (the kind's
    /// new high-water mark), so resourceVersions keep increasing across silo deaths and restarts; null when nothing
    /// outlives the silo (the kind's watch cache then counts from what it finds).
    /// </summary>
    public virtual Task<long?> ReserveResourceVersionsAsync(string kind, long count) => Task.FromResult<long?>(null);

    /// <summary>Checks that the store still holds this cluster (reports what it finds to the silo's <see cref="StoreHealth"/>).</summary>
    public virtual Task CheckAsync() => Task.CompletedTask;

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
