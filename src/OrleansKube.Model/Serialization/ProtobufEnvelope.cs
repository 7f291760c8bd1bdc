namespace OrleansKube.Model.Serialization;

/// <summary>
/// Kubernetes' protobuf envelope: the magic <c>k8s\0</c>, then a <c>runtime.Unknown</c> whose typeMeta names the
/// object's apiVersion and kind and whose <c>raw</c> is the object's own message (k8s.io/api's generated.proto).
/// </summary>
public static class ProtobufEnvelope
{
    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    /// <summary>The envelope's apiVersion, kind and raw message; FormatException when the body is not one.</summary>
    public static (string ApiVersion, string Kind, byte[] Raw) Read(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
        {
            throw new FormatException("protobuf: the body does not start with the k8s envelope's magic bytes");
        }

        string apiVersion = "", kind = "";
        byte[] raw = [];
        var reader = new ProtobufReader(body[Magic.Length..]);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1 when wire == 2:
                    var typeMeta = new ProtobufReader(reader.ReadBytes());
                    while (!typeMeta.AtEnd)
                    {
                        var (typeField, typeWire) = typeMeta.ReadTag();
                        switch (typeField)
                        {
                            case 1 when typeWire == 2:
                                apiVersion = typeMeta.ReadString();
                                break;
                            case 2 when typeWire == 2:
                                kind = typeMeta.ReadString();
                                break;
                            default:
                                typeMeta.Skip(typeWire);
                                break;
                        }
                    }

                    break;
                case 2 when wire == 2:
                    raw = reader.ReadBytes().ToArray();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return (apiVersion, kind, raw);
    }
}
