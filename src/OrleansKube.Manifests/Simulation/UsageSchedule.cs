using System.Globalization;

namespace OrleansKube.Manifests.Simulation;

/// <summary>
/// A simulated resource usage that may change over the pod's life, from an annotation such as
/// <c>sim.orleanskube.io/cpu-usage</c>: one value (<c>400m</c>, or <c>80%</c> of the pod's request), or a schedule
/// <c>100m; 60s=500m; 300s=50%</c> — the first value from the pod's start, each <c>Ns=value</c> from N seconds after it
/// (offsets in increasing order).
/// </summary>
public sealed class UsageSchedule
{
    private readonly (TimeSpan From, UsageValue Value)[] _steps;

    private UsageSchedule((TimeSpan, UsageValue)[] steps) => _steps = steps;

    /// <summary>The value in force <paramref name="sinceStart"/> after the pod's start.</summary>
    public UsageValue At(TimeSpan sinceStart)
    {
        var value = _steps[0].Value;
        foreach (var (from, next) in _steps)
        {
            if (from > sinceStart)
            {
                break;
            }

            value = next;
        }

        return value;
    }

    public static bool TryParse(string? text, out UsageSchedule schedule)
    {
        schedule = null!;
        var parts = (text ?? "").Split(';', StringSplitOptions.TrimEntries);
        var steps = new List<(TimeSpan, UsageValue)>();
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var from = TimeSpan.Zero;
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                var offset = part[..equals].Trim();
                if (i == 0 || !offset.EndsWith('s') || !double.TryParse(offset[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
                    || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
                {
                    return false;
                }

                from = TimeSpan.FromSeconds(seconds);
                part = part[(equals + 1)..].Trim();
            }
            else if (i > 0)
            {
                return false; // only the first value has no offset
            }

            if (!UsageValue.TryParse(part, out var value) || (steps.Count > 0 && from <= steps[^1].Item1))
            {
                return false;
            }

            steps.Add((from, value));
        }

        schedule = new UsageSchedule([.. steps]);
        return true;
    }
}
