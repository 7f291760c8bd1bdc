namespace OrleansKube.Control.Simulation;

/// <summary>
/// Independent random streams from one simulation seed: each user of randomness (a scheduler shard, a silo's
/// name generator) names its stream, and the stream's seed is a stable hash of the seed and that name, so the same
/// seed gives every stream the same numbers in every process, and no two streams share a <see cref="System.Random"/>
/// (which is not thread-safe).
/// </summary>
public static class Seeds
{
    /// <summary>
    /// A seed given as text by <paramref name="source"/> (a flag, an environment variable): the number, or null and
    /// an <paramref name="error"/> naming the source and the reason.
    /// </summary>
    public static int? Parse(string text, string source, out string? error)
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var seed))
        {
            error = null;
            return seed;
        }

        error = $"{source}: Invalid value: \"{text}\": must be an integer from {int.MinValue} to {int.MaxValue}";
        return null;
    }

    /// <summary>The random stream a scheduler shard breaks ties with; unseeded (as upstream) when <paramref name="seed"/> is null.</summary>
    public static Random SchedulerShard(int? seed, string schedulerName, int shard) => Random(seed, $"scheduler/{schedulerName}/shard-{shard}");

    /// <summary>A stream's own random numbers; unseeded when <paramref name="seed"/> is null.</summary>
    public static Random Random(int? seed, string stream) => seed is { } value ? new Random(Derive(value, stream)) : new Random();

    /// <summary>
    /// The stream's seed: FNV-1a of its name (stable across processes, unlike <see cref="string.GetHashCode()"/>)
    /// mixed with the seed by SplitMix64's finaliser. Never negative: <see cref="System.Random(int)"/> treats −n as n.
    /// </summary>
    public static int Derive(int seed, string stream) => (int)(Mix(seed, stream) >> 33);

    /// <summary>The 64-bit form of <see cref="Derive"/>, for callers that need more bits than a <see cref="System.Random"/> seed.</summary>
    public static ulong Mix(int seed, string stream)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in stream)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        var x = hash ^ ((ulong)(uint)seed * 0x9E3779B97F4A7C15UL);
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
