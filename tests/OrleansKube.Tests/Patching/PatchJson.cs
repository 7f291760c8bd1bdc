using System.Text;
using System.Text.Json.Nodes;

namespace OrleansKube.Tests.Patching;

/// <summary>JSON written with single quotes for readable tables, and a comparison that ignores key order.</summary>
internal static class PatchJson
{
    public static JsonObject Object(string json) => (JsonObject)JsonNode.Parse(json.Replace('\'', '"'))!;

    public static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json.Replace('\'', '"'));

    public static void Equal(string expected, JsonNode? actual)
    {
        var wanted = JsonNode.Parse(expected.Replace('\'', '"'));
        if (!JsonNode.DeepEquals(wanted, actual))
        {
            Assert.Equal(wanted?.ToJsonString(), actual?.ToJsonString());
        }
    }
}
