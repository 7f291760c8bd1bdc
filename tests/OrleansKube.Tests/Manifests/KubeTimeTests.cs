using System.Text.Json;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Tests.Manifests;

/// <summary>metav1.Time as upstream writes it: RFC 3339 in UTC, whole seconds without a fraction, else microseconds.</summary>
public class KubeTimeTests
{
    private sealed record Stamped(DateTimeOffset At);

    private static string Written(DateTimeOffset at) =>
        JsonDocument.Parse(JsonSerializer.Serialize(new Stamped(at), KubeJson.Options)).RootElement.GetProperty("at").GetString()!;

    [Theory]
    [InlineData("2026-11-23T06:20:00Z", "2026-11-23T06:20:00Z")]
    [InlineData("2026-11-23T08:20:00+02:00", "2026-11-23T06:20:00Z")]
    [InlineData("2026-01-02T03:04:05.25Z", "2026-01-02T03:04:05.250000Z")]
    [InlineData("2026-01-02T03:04:05.1234567Z", "2026-01-02T03:04:05.123456Z")]
    public void Write_InUtc_WithAFractionOnlyWhenThereIsOne(string at, string expected)
    {
        var value = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(expected, Written(value));
        Assert.Equal(value.UtcDateTime.AddTicks(-(value.UtcTicks % 10)), JsonSerializer.Deserialize<Stamped>($"{{\"at\":\"{expected}\"}}", KubeJson.Options)!.At.UtcDateTime);
    }
}
