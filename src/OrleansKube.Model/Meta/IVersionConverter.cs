using System.Text.Json.Nodes;

namespace OrleansKube.Model.Meta;

/// <summary>
/// Converts one kind between a version the API serves and the version it stores, on the objects' JSON (upstream's
/// conversion functions between an external version and the internal one). Both directions may change the node they
/// are given and return it: callers pass a node of their own.
/// </summary>
public interface IVersionConverter
{
    /// <summary>An object in the served version (a request body, or a patched object) as the stored version; apiVersion set to the stored one.</summary>
    JsonObject ToStored(JsonObject served);

    /// <summary>A stored object as the served version; apiVersion set to the served one.</summary>
    JsonObject FromStored(JsonObject stored);

    /// <summary>
    /// The served version's protobuf message (the <c>raw</c> of a <c>runtime.Unknown</c>) as its JSON; null when the
    /// version has no protobuf decoding (Go typed clients post protobuf, kubectl's generators among them).
    /// </summary>
    JsonObject? FromProtobuf(ReadOnlySpan<byte> message) => null;
}
