using System.Text.Json.Nodes;

namespace OrleansKube.Model.Serialization;

/// <summary>
/// The ObjectMeta of a protobuf message as JSON: what a client sets on a write (name, generateName, namespace,
/// resourceVersion, labels, annotations, finalizers); empty strings are unset, as proto2's optional fields Go writes.
/// </summary>
public static class ProtobufObjectMeta
{
    public static JsonObject ToJson(ReadOnlySpan<byte> message)
    {
        var metadata = new JsonObject();
        var reader = new ProtobufReader(message);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1 when wire == 2:
                    SetText(metadata, "name", reader.ReadString());
                    break;
                case 2 when wire == 2:
                    SetText(metadata, "generateName", reader.ReadString());
                    break;
                case 3 when wire == 2:
                    SetText(metadata, "namespace", reader.ReadString());
                    break;
                case 6 when wire == 2:
                    SetText(metadata, "resourceVersion", reader.ReadString());
                    break;
                case 11 when wire == 2:
                    AddEntry(metadata, "labels", reader.ReadBytes());
                    break;
                case 12 when wire == 2:
                    AddEntry(metadata, "annotations", reader.ReadBytes());
                    break;
                case 14 when wire == 2:
                    var finalizers = metadata["finalizers"] as JsonArray ?? [];
                    finalizers.Add(reader.ReadString());
                    metadata["finalizers"] = finalizers;
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return metadata;
    }

    private static void SetText(JsonObject target, string name, string value)
    {
        if (value.Length > 0)
        {
            target[name] = value;
        }
    }

    /// <summary>A map entry: key 1, value 2.</summary>
    private static void AddEntry(JsonObject metadata, string map, ReadOnlySpan<byte> entry)
    {
        string key = "", value = "";
        var reader = new ProtobufReader(entry);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1 when wire == 2:
                    key = reader.ReadString();
                    break;
                case 2 when wire == 2:
                    value = reader.ReadString();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        var values = metadata[map] as JsonObject ?? [];
        values[key] = value;
        metadata[map] = values;
    }
}
