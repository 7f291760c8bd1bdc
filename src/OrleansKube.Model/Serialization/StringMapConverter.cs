using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansKube.Model.Serialization;

/// <summary>
/// String maps (labels, annotations, data, nodeSelector) as Go decodes them: a null value is the empty string, so no
/// map of the model ever holds a null that later code would trip on.
/// </summary>
internal sealed class StringMapConverter : JsonConverter<Dictionary<string, string>>
{
    public override Dictionary<string, string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException(); // STJ words it: the value could not be converted to the map type, at its path
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            map[key] = reader.TokenType switch
            {
                JsonTokenType.Null => "",
                JsonTokenType.String => reader.GetString()!,
                _ => throw new JsonException($"The JSON value of '{key}' could not be converted to System.String."),
            };
        }

        return map;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (key, item) in value)
        {
            writer.WriteString(key, item);
        }

        writer.WriteEndObject();
    }
}
