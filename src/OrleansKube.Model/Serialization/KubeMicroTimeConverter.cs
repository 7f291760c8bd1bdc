using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansKube.Model.Serialization;

/// <summary>
/// metav1.MicroTime (an event's eventTime, a lease's acquire and renew times): RFC 3339 in UTC, always with six
/// fractional digits (<c>2026-11-23T06:20:00.000000Z</c>), as upstream writes it.
/// </summary>
public sealed class KubeMicroTimeConverter : JsonConverter<DateTimeOffset>
{
    private static readonly KubeTimeConverter Time = new();

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Time.Read(ref reader, typeToConvert, options);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<byte> utf8 = stackalloc byte[40];
        value.UtcDateTime.TryFormat(utf8, out var written, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        writer.WriteStringValue(utf8[..written]);
    }
}
