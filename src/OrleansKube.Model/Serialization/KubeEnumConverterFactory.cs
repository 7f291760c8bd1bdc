using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansKube.Model.Serialization;

/// <summary>
/// Enums travel as their upstream strings; an unknown string is refused with upstream's
/// <c>Unsupported value: "X": supported values: "A", "B"</c>.
/// </summary>
public sealed class KubeEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(KubeEnumConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class KubeEnumConverter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        private static readonly Dictionary<string, T> ByName = Enum.GetValues<T>().ToDictionary(v => v.ToString(), StringComparer.Ordinal);

        private static readonly string Supported = string.Join(", ", ByName.Keys.Order(StringComparer.Ordinal).Select(k => $"\"{k}\""));

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString()! : reader.TokenType.ToString();
            return ByName.TryGetValue(text, out var value)
                ? value
                : throw new JsonException($"Unsupported value: \"{text}\": supported values: {Supported}");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
