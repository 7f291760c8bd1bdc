using System.Globalization;
using OrleansKube.Manifests.Validation;

namespace OrleansKube.Manifests.Simulation;

/// <summary>
/// A simulated kubelet's settings, from annotations on its Node (prefix <c>sim.orleanskube.io/</c>; cluster
/// profile pools set them): the memory eviction thresholds, written as the kubelet's flags write them —
/// <c>eviction-hard: memory.available&lt;100Mi</c> (or a percentage of capacity, <c>&lt;5%</c>),
/// <c>eviction-soft: memory.available&lt;1Gi</c>, <c>eviction-soft-grace-period: memory.available=1m30s</c>.
/// Other signals than <c>memory.available</c> are not simulated and are ignored.
/// </summary>
public sealed record NodeSimulation
{
    public const string EvictionHardKey = WorkloadBehaviour.Prefix + "eviction-hard";
    public const string EvictionSoftKey = WorkloadBehaviour.Prefix + "eviction-soft";
    public const string EvictionSoftGracePeriodKey = WorkloadBehaviour.Prefix + "eviction-soft-grace-period";
    public const string MemorySignal = "memory.available";
    public const string DefaultEvictionHard = "100Mi";

    /// <summary>The hard threshold on memory.available (a quantity or a percentage); upstream's default 100Mi.</summary>
    public string? EvictionHard { get; init; } = DefaultEvictionHard;

    public string? EvictionSoft { get; init; }

    public TimeSpan EvictionSoftGracePeriod { get; init; }

    /// <summary>The settings of a node (annotations are validated on create, so bad ones fall back to the defaults here).</summary>
    public static NodeSimulation For(IReadOnlyDictionary<string, string>? annotations)
    {
        string? Get(string key) => annotations is not null && annotations.TryGetValue(key, out var value) ? value : null;
        var hard = Try(() => Threshold(Get(EvictionHardKey), '<'));
        var soft = Try(() => Threshold(Get(EvictionSoftKey), '<'));
        var grace = Try(() => Threshold(Get(EvictionSoftGracePeriodKey), '='));
        return new NodeSimulation
        {
            EvictionHard = Get(EvictionHardKey) is null ? DefaultEvictionHard : hard,
            EvictionSoft = soft,
            EvictionSoftGracePeriod = grace is not null && GoDuration.Parse(grace) is { } d ? d : TimeSpan.Zero,
        };
    }

    /// <summary>The threshold in bytes for a node of <paramref name="capacity"/> bytes (null: none).</summary>
    public static long? Bytes(string? threshold, long capacity) =>
        threshold is null ? null
        : threshold.EndsWith('%') ? (long)(capacity * double.Parse(threshold[..^1], CultureInfo.InvariantCulture) / 100)
        : Quantity.Parse(threshold).Value;

    public static void Validate(IReadOnlyDictionary<string, string>? annotations, string path, List<FieldError> errors)
    {
        foreach (var (key, separator) in new[] { (EvictionHardKey, '<'), (EvictionSoftKey, '<'), (EvictionSoftGracePeriodKey, '=') })
        {
            if (annotations is null || !annotations.TryGetValue(key, out var value))
            {
                continue;
            }

            try
            {
                var threshold = Threshold(value, separator);
                if (key == EvictionSoftGracePeriodKey && threshold is not null && GoDuration.Parse(threshold) is null)
                {
                    throw new FormatException($"\"{threshold}\" must be a duration such as 1m30s");
                }
            }
            catch (FormatException e)
            {
                errors.Add(FieldError.Invalid($"{path}[{key}]", value, e.Message));
            }
        }
    }

    /// <summary>The memory.available value of a kubelet flag (<c>memory.available&lt;100Mi,nodefs.available&lt;10%</c>), or null.</summary>
    private static string? Threshold(string? flag, char separator)
    {
        foreach (var part in (flag ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = part.IndexOf(separator, StringComparison.Ordinal);
            if (at < 0)
            {
                throw new FormatException($"\"{part}\" must be signal{separator}value");
            }

            if (part[..at] != MemorySignal)
            {
                continue;
            }

            var value = part[(at + 1)..];
            if (separator == '=')
            {
                return value;
            }

            var valid = value.EndsWith('%')
                ? double.TryParse(value[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) && percent is >= 0 and <= 100
                : Quantity.TryParse(value, out var quantity) && quantity.Value >= 0;
            return valid ? value : throw new FormatException($"\"{value}\" must be a quantity or a percentage");
        }

        return null;
    }

    private static string? Try(Func<string?> read)
    {
        try
        {
            return read();
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
