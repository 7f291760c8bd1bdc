using System.Text.Json.Nodes;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Model.Autoscaling.V1;

/// <summary>
/// An autoscaling/v1 HorizontalPodAutoscaler message (k8s.io/api autoscaling/v1 generated.proto) as its JSON: what
/// <c>kubectl autoscale</c> posts. The status is left out: the server drops a client's status on create.
/// </summary>
internal static class HorizontalPodAutoscalerV1Protobuf
{
    public static JsonObject ToJson(ReadOnlySpan<byte> message)
    {
        var obj = new JsonObject { ["apiVersion"] = "autoscaling/v1", ["kind"] = "HorizontalPodAutoscaler", ["metadata"] = new JsonObject() };
        var reader = new ProtobufReader(message);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1 when wire == 2:
                    obj["metadata"] = ProtobufObjectMeta.ToJson(reader.ReadBytes());
                    break;
                case 2 when wire == 2:
                    obj["spec"] = Spec(reader.ReadBytes());
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return obj;
    }

    private static JsonObject Spec(ReadOnlySpan<byte> message)
    {
        var spec = new JsonObject();
        var reader = new ProtobufReader(message);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1 when wire == 2:
                    spec["scaleTargetRef"] = Reference(reader.ReadBytes());
                    break;
                case 2 when wire == 0:
                    spec["minReplicas"] = (int)reader.ReadVarint();
                    break;
                case 3 when wire == 0:
                    spec["maxReplicas"] = (int)reader.ReadVarint();
                    break;
                case 4 when wire == 0:
                    spec["targetCPUUtilizationPercentage"] = (int)reader.ReadVarint();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return spec;
    }

    private static JsonObject Reference(ReadOnlySpan<byte> message)
    {
        var reference = new JsonObject();
        var reader = new ProtobufReader(message);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            var name = (field, wire) switch
            {
                (1, 2) => "kind",
                (2, 2) => "name",
                (3, 2) => "apiVersion",
                _ => null,
            };
            if (name is null)
            {
                reader.Skip(wire);
            }
            else if (reader.ReadString() is { Length: > 0 } value)
            {
                reference[name] = value;
            }
        }

        return reference;
    }
}
