using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansKube.Model.Serialization;

/// <summary>Reads a quantity from a string or a bare number (<c>cpu: 2</c>) and writes the canonical string.</summary>
public sealed class QuantityJsonConverter : JsonConverter<Quantity>
{
    public override Quantity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString()!,
            JsonTokenType.Number => reader.HasValueSequence ? Encoding.UTF8.GetString(reader.ValueSequence) : Encoding.UTF8.GetString(reader.ValueSpan),
            _ => throw new JsonException($"Invalid value: {reader.TokenType}: must be a quantity"),
        };
        return Quantity.TryParse(text, out var quantity)
            ? quantity
            : throw new JsonException($"Invalid value: \"{text}\": must be a quantity");
    }

    public override void Write(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());

    public override Quantity ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Quantity.Parse(reader.GetString()!);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value.ToString());
}
