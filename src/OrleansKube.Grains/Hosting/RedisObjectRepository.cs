using StackExchange.Redis;

namespace OrleansKube.Grains.Hosting;

/// <summary>
/// Objects in Redis hashes under <c>{prefix}:{Kind/namespace/shard-N}</c>. The connection opens while the silo
/// starts, before any grain runs (<see cref="ConnectAsync"/>): a first use blocking grain threads starves them.
/// <para>
/// The store holds a marker, <c>{prefix}:cluster</c>, with the generation the first silo wrote; every silo adopts it
/// at start and every read and write is a script that first checks it. A Redis restarted empty (or emptied) is thus
/// found at the first operation that reaches it, never answered from the grains' memory: the silo reports the store
/// Lost (<see cref="StoreHealth"/>) and leaves a tombstone, <c>{prefix}:lost</c> (<see cref="TombstoneLifetime"/>, renewed
/// while any silo that saw the loss runs), that keeps a new silo from starting a second cluster on the empty store.
/// </para>
/// </summary>
public sealed class RedisObjectRepository(string configuration, string prefix, StoreHealth health) : ObjectRepository, IDisposable, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How long a tombstone outlives the last silo renewing it (wall time, Redis' own expiry).</summary>
    public static readonly TimeSpan TombstoneLifetime = TimeSpan.FromSeconds(30);

    private const string LostError = "OKUBE_STORE_LOST";

    // KEYS[1] the marker, ARGV[1] the generation: anything else means the cluster is gone from the store.
    private const string Check = "local g = redis.call('GET', KEYS[1]) if g ~= ARGV[1] then return redis.error_reply('" + LostError + " ' .. tostring(g)) end ";

    private const string PutScript = Check + "return redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])";
    private const string RemoveScript = Check + "return redis.call('HDEL', KEYS[2], ARGV[2])";
    private const string RemoveManyScript = Check + "return redis.call('HDEL', KEYS[2], unpack(ARGV, 2))";
    private const string GetScript = Check + "return redis.call('HGET', KEYS[2], ARGV[2])";
    private const string LoadScript = Check + "return redis.call('HGETALL', KEYS[2])";
    private const string CheckScript = Check + "return 1";
    private const string ReserveScript = Check + "return redis.call('INCRBY', KEYS[2], ARGV[2])";

    // KEYS[1] the marker, KEYS[2] the tombstone, ARGV[1] a new generation: adopt the store's, or found one on an empty store.
    private const string OpenScript = """
        local lost = redis.call('GET', KEYS[2])
        if lost then return {'lost', lost} end
        local g = redis.call('GET', KEYS[1])
        if g then return {'ok', g} end
        redis.call('SET', KEYS[1], ARGV[1])
        return {'new', ARGV[1]}
        """;

    private ConnectionMultiplexer? _connection;
    private RedisValue _generation;

    public override bool Durable => true;

    /// <summary>Where the store is, for messages (the configuration's first endpoint and the prefix).</summary>
    public string Describe => $"Redis {configuration.Split(',')[0]}, prefix {prefix}";

    /// <summary>Raised when the connection to Redis comes back after a failure.</summary>
    public event Action? Reconnected;

    private RedisKey Marker => $"{prefix}:cluster";

    private RedisKey Tombstone => $"{prefix}:lost";

    private IDatabase Db => (_connection ?? throw new InvalidOperationException("the Redis connection is not open yet")).GetDatabase();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(RedisObjectRepository), ServiceLifecycleStage.RuntimeInitialize, _ => ConnectAsync());

    /// <summary>Connects and adopts the store's generation; refuses (<see cref="StoreRefusedException"/>) a store another silo saw lost.</summary>
    public async Task ConnectAsync()
    {
        if (_connection is not null)
        {
            return;
        }

        _connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        _connection.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                Reconnected?.Invoke();
            }
        };
        var opened = (RedisResult[])(await Db.ScriptEvaluateAsync(OpenScript, [Marker, Tombstone], [Guid.NewGuid().ToString("N")]))!;
        if ((string?)opened[0] == "lost")
        {
            throw new StoreRefusedException(
                $"refusing to start: the store ({Describe}) was lost under the running cluster ({(string?)opened[1]}); starting on it would form a second cluster. Stop every silo of the cluster, then start again on a restored store (or after {TombstoneLifetime.TotalSeconds:0} s on the empty one)");
        }

        _generation = (string?)opened[1];
    }

    public override Task PutAsync(IndexKey shard, KubeObject obj) =>
        RunAsync(PutScript, Key(shard), obj.Metadata.Name, Serialize(obj));

    public override Task RemoveAsync(IndexKey shard, string name) => RunAsync(RemoveScript, Key(shard), name);

    /// <summary>One request for the lot (Events' expiry removes up to 1,000 at once).</summary>
    public override Task RemoveAsync(IndexKey shard, IReadOnlyCollection<string> names) =>
        names.Count == 0 ? Task.CompletedTask : RunAsync(RemoveManyScript, Key(shard), [.. names.Select(n => (RedisValue)n)]);

    public override async Task<KubeObject?> GetAsync(IndexKey shard, string name) =>
        await RunAsync(GetScript, Key(shard), name) is { IsNull: false } value ? Deserialize((string)value!) : null;

    public override async Task<List<KubeObject>> LoadAsync(IndexKey shard) =>
        [.. Pairs(await RunAsync(LoadScript, Key(shard))).Select(entry => Deserialize(entry.Value))];

    public override Task PutValueAsync(string table, string field, string value) => RunAsync(PutScript, TableKey(table), field, value);

    public override async Task<Dictionary<string, string>> LoadValuesAsync(string table) =>
        Pairs(await RunAsync(LoadScript, TableKey(table))).ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);

    /// <summary>One INCRBY per block: <c>{prefix}:rv:{Kind}</c> holds the kind's high-water mark.</summary>
    public override async Task<long?> ReserveResourceVersionsAsync(string kind, long count) =>
        (long)await RunAsync(ReserveScript, $"{prefix}:rv:{kind}", count);

    public override async Task CheckAsync()
    {
        if (health.State == StoreState.Lost)
        {
            await RenewTombstoneAsync();
            return;
        }

        try
        {
            await RunAsync(CheckScript, Marker);
        }
        catch (ApiException)
        {
            // Reported to the silo's health by RunAsync.
        }
    }

    public void Dispose() => _connection?.Dispose();

    private Task<RedisResult> RunAsync(string script, RedisKey key, RedisValue field = default, RedisValue value = default) =>
        RunAsync(script, key, [field.IsNull ? RedisValue.EmptyString : field, value.IsNull ? RedisValue.EmptyString : value]);

    private async Task<RedisResult> RunAsync(string script, RedisKey key, RedisValue[] arguments)
    {
        if (health.Refusal() is { } refusal)
        {
            throw refusal;
        }

        try
        {
            var result = await Db.ScriptEvaluateAsync(script, [Marker, key], [_generation, .. arguments]);
            health.ReportOk();
            return result;
        }
        catch (RedisServerException e) when (e.Message.StartsWith(LostError, StringComparison.Ordinal))
        {
            var found = e.Message[LostError.Length..].Trim();
            health.ReportLost(found is "" or "nil" or "false"
                ? $"the store ({Describe}) lost this cluster's data (emptied or restarted without it); restart every silo on a restored store"
                : $"the store ({Describe}) holds another cluster (generation {found}, this one's {_generation}); restart every silo");
            await RenewTombstoneAsync();
            throw health.Refusal()!;
        }
        catch (Exception e)
        {
            // Whatever else the client throws is the store not answering: besides its RedisException and TimeoutException,
            // a request in flight when the connection drops is cancelled (TaskCanceledException) or meets the closed
            // socket pipe (InvalidOperationException: "Writing is not allowed after writer was completed").
            var reason = $"the store ({Describe}) did not answer: {FirstLine(e.Message)}";
            health.ReportUnreachable(reason);
            throw new ApiException(ApiErrorReason.InternalError, $"Internal error occurred: {reason}");
        }
    }

    private async Task RenewTombstoneAsync()
    {
        try
        {
            await Db.StringSetAsync(Tombstone, $"seen by {Environment.MachineName} at {DateTimeOffset.UtcNow:O}", TombstoneLifetime);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException or InvalidOperationException)
        {
            // The store does not answer: the next check renews it.
        }
    }

    private static IEnumerable<(string Name, string Value)> Pairs(RedisResult result)
    {
        var items = (RedisResult[])result!;
        for (var i = 0; i + 1 < items.Length; i += 2)
        {
            yield return ((string)items[i]!, (string)items[i + 1]!);
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd('\r');

    private RedisKey Key(IndexKey shard) => $"{prefix}:{shard}";

    private RedisKey TableKey(string table) => $"{prefix}:table:{table}";
}
