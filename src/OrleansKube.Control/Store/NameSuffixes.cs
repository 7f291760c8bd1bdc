using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using OrleansKube.Control.Simulation;

namespace OrleansKube.Control.Store;

/// <summary>
/// The five characters upstream's generateName appends, from its alphabet without vowels or look-alikes. Unseeded,
/// they are random, as upstream's. Seeded, each prefix walks its own fixed order of all 27⁵ suffixes (a permutation
/// keyed by the seed and the prefix), so a ReplicaSet's pods get the same names however other workloads' creates
/// interleave with its own, and a prefix repeats no suffix before it has used all 14,348,907. Thread-safe.
/// </summary>
public sealed class NameSuffixes(int? seed)
{
    public const int Length = 5;
    public const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
    private const ulong Count = 27 * 27 * 27 * 27 * 27;

    // How many suffixes each prefix has drawn (seeded only): a few dozen bytes per workload, kept for the silo's life
    // so a workload deleted and created again under the same name does not reuse its earlier pods' names.
    private readonly ConcurrentDictionary<string, StrongBox<long>> _drawn = new(StringComparer.Ordinal);

    public string Next(string prefix)
    {
        if (seed is not { } value)
        {
            return Encode((ulong)Random.Shared.NextInt64((long)Count));
        }

        var index = (ulong)Interlocked.Increment(ref _drawn.GetOrAdd(prefix, _ => new StrongBox<long>(-1)).Value);
        var key = Seeds.Mix(value, prefix);

        // n → (a·n + b) mod 27⁵ is a permutation of the suffixes when a is not a multiple of 3.
        var a = key % Count;
        a += a % 3 == 0 ? 1UL : 0UL;
        var b = (key >> 32) % Count;
        return Encode(((a * (index % Count)) + b) % Count);
    }

    private static string Encode(ulong value) => string.Create(Length, value, (span, rest) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = Alphabet[(int)(rest % (ulong)Alphabet.Length)];
            rest /= (ulong)Alphabet.Length;
        }
    });
}
