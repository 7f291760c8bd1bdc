using System.Text.Json;

namespace OrleansKube.Model.Meta;

/// <summary>One entry of <c>metadata.managedFields</c>: which manager set which fields, how and when.</summary>
public sealed record ManagedFieldsEntry
{
    public string? Manager { get; set; }

    public ManagedFieldsOperation? Operation { get; set; }

    public string? ApiVersion { get; set; }

    public DateTimeOffset? Time { get; set; }

    public string? FieldsType { get; set; }

    /// <summary>The fields as upstream's FieldsV1 trie (<c>{"f:spec":{"f:replicas":{}}}</c>), kept as sent.</summary>
    public JsonElement? FieldsV1 { get; set; }

    public string? Subresource { get; set; }
}
