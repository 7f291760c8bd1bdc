using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansKube.Model.Serialization;

/// <summary>The one JSON shape of API objects: camelCase upstream names, nulls omitted, unknown fields refused.</summary>
public static class KubeJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions(writeIndented: false);

    public static JsonSerializerOptions IndentedOptions { get; } = CreateOptions(writeIndented: true);

    public static string Serialize(KubeObject obj, bool indented = false) =>
        JsonSerializer.Serialize(obj, obj.GetType(), indented ? IndentedOptions : Options);

    public static T Clone<T>(T obj)
        where T : KubeObject =>
        (T)JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options), obj.GetType(), Options)!;

    /// <summary>A deep copy of any part of an object (a spec, a status, a selector) through its JSON shape.</summary>
    public static T Copy<T>(T value)
        where T : class =>
        JsonSerializer.Deserialize<T>(JsonSerializer.SerializeToUtf8Bytes(value, Options), Options)!;

    /// <summary>A fresh, still mutable copy of the options (for hosts that configure their own serializers).</summary>
    public static JsonSerializerOptions CreateOptions() => new(Options);

    private static JsonSerializerOptions CreateOptions(bool writeIndented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            WriteIndented = writeIndented,
            Converters = { new KubeEnumConverterFactory(), new KubeTimeConverter(), new StringMapConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
