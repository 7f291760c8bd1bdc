using System.Globalization;

namespace OrleansKube.Model.Resources;

/// <summary>
/// A standard five-field cron schedule (minute hour day-of-month month day-of-week) as the CronJob controller
/// reads it (robfig/cron's standard parser): <c>*</c>, <c>?</c>, lists, ranges, steps, month and weekday names,
/// and the macros <c>@yearly</c>, <c>@monthly</c>, <c>@weekly</c>, <c>@daily</c>, <c>@hourly</c>. When both
/// day fields are restricted, a day matching either runs (cron's rule).
/// </summary>
public sealed class CronSchedule
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly ulong _minutes, _hours, _daysOfMonth, _months, _daysOfWeek;
    private readonly bool _anyDayOfMonth, _anyDayOfWeek;
    private readonly TimeZoneInfo _zone;

    private CronSchedule(ulong minutes, ulong hours, (ulong Bits, bool Any) dom, ulong months, (ulong Bits, bool Any) dow, TimeZoneInfo zone)
    {
        (_minutes, _hours, _months, _zone) = (minutes, hours, months, zone);
        (_daysOfMonth, _anyDayOfMonth) = dom;
        (_daysOfWeek, _anyDayOfWeek) = dow;
    }

    /// <summary>Parses <paramref name="text"/>; a FormatException's message says what is wrong, as upstream's validation words it.</summary>
    public static CronSchedule Parse(string text, string? timeZone = null)
    {
        var zone = TimeZoneInfo.Utc;
        if (!string.IsNullOrEmpty(timeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out zone!))
        {
            throw new FormatException($"unknown time zone {timeZone}");
        }

        var spec = text.Trim() switch
        {
            "@yearly" or "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" or "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            var other => other,
        };
        if (spec.StartsWith('@'))
        {
            throw new FormatException($"unrecognized descriptor: {spec}");
        }

        var fields = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            throw new FormatException($"expected exactly 5 fields, found {fields.Length}: [{string.Join(" ", fields)}]");
        }

        return new CronSchedule(
            Field(fields[0], 0, 59, null).Bits,
            Field(fields[1], 0, 23, null).Bits,
            Field(fields[2], 1, 31, null),
            Field(fields[3], 1, 12, Months).Bits,
            Field(fields[4], 0, 7, Days) is var dow ? ((dow.Bits & (1UL << 7)) != 0 ? dow.Bits | 1 : dow.Bits, dow.Any) : default,
            zone);
    }

    /// <summary>The first scheduled time strictly after <paramref name="after"/> (none within five years: null).</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        var local = TimeZoneInfo.ConvertTime(after, _zone);
        var t = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified).AddMinutes(1);
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if ((_months & (1UL << t.Month)) == 0)
            {
                t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(1);
            }
            else if (!DayMatches(t))
            {
                t = t.Date.AddDays(1);
            }
            else if ((_hours & (1UL << t.Hour)) == 0)
            {
                t = t.Date.AddHours(t.Hour + 1);
            }
            else if ((_minutes & (1UL << t.Minute)) == 0)
            {
                t = t.AddMinutes(1);
            }
            else
            {
                return new DateTimeOffset(t, _zone.GetUtcOffset(t)).ToUniversalTime();
            }
        }

        return null;
    }

    private bool DayMatches(DateTime t)
    {
        var dom = (_daysOfMonth & (1UL << t.Day)) != 0;
        var dow = (_daysOfWeek & (1UL << (int)t.DayOfWeek)) != 0;
        return _anyDayOfMonth || _anyDayOfWeek ? dom && dow : dom || dow;
    }

    private static (ulong Bits, bool Any) Field(string field, int min, int max, string[]? names)
    {
        ulong bits = 0;
        var any = false;
        foreach (var part in field.Split(','))
        {
            var (range, step) = part.Split('/') switch
            {
                [var r] => (r, 1),
                [var r, var s] when int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 => (r, n),
                _ => throw new FormatException($"failed to parse int from {part}"),
            };
            int low, high;
            if (range is "*" or "?")
            {
                (low, high) = (min, max);
                any = step == 1;
            }
            else if (range.Split('-') is [var a, var b])
            {
                (low, high) = (Value(a, names, min, max), Value(b, names, min, max));
            }
            else
            {
                low = Value(range, names, min, max);
                high = part.Contains('/', StringComparison.Ordinal) ? max : low;
            }

            if (low > high)
            {
                throw new FormatException($"beginning of range ({low}) beyond end of range ({high}): {part}");
            }

            for (var v = low; v <= high; v += step)
            {
                bits |= 1UL << v;
            }
        }

        return (bits, any);
    }

    private static int Value(string text, string[]? names, int min, int max)
    {
        var index = names is null ? -1 : Array.FindIndex(names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        var value = index >= 0 ? index + (names == Months ? 1 : 0)
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number
            : throw new FormatException($"failed to parse int from {text}");
        return value < min ? throw new FormatException($"beginning of range ({value}) below minimum ({min}): {text}")
            : value > max ? throw new FormatException($"end of range ({value}) above maximum ({max}): {text}")
            : value;
    }
}
