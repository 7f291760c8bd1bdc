using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansKube.Model.Serialization;

/// <summary>metav1.Time: RFC 3339 in UTC with second precision (<c>2026-11-23T06:20:00Z</c>).</summary>
public sealed class KubeTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value.ToUniversalTime()
            : throw new JsonException($"Invalid value: \"{text}\": must be an RFC 3339 time");
    }

    /// <summary>Formatted into a stack buffer, not a string (a pod's JSON holds about eight times); whole seconds by the standard sortable format.</summary>
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<byte> utf8 = stackalloc byte[40];
        var utc = value.UtcDateTime;
        int written;
        if (value.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            utc.TryFormat(utf8, out written, "s", CultureInfo.InvariantCulture);
            utf8[written++] = (byte)'Z';
        }
        else
        {
            utc.TryFormat(utf8, out written, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        }

        writer.WriteStringValue(utf8[..written]);
    }
}
