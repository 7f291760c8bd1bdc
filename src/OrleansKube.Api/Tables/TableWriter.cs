using System.Text.Json.Nodes;
using OrleansKube.Api.Handling;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Api.Tables;

/// <summary>What a Table row carries besides its cells (<c>includeObject</c>).</summary>
public enum IncludeObject
{
    None,
    Object,
    PartialObjectMetadata,
}

/// <summary>
/// Server-side Tables (<c>meta.k8s.io/v1</c>) as <c>kubectl get</c> asks for them: rendered cells (Age from the
/// cluster's clock) and, by default, each row's PartialObjectMetadata (kubectl reads the namespace and labels from it).
/// </summary>
public static class TableWriter
{
    private static readonly JsonObject NameColumn = Column("Name", "name", "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names");

    private static readonly JsonObject AgeColumn = Column("Age", "", "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata");

    public static IncludeObject ParseInclude(string? value) => value switch
    {
        null or "" or "PartialObjectMetadata" => IncludeObject.PartialObjectMetadata,
        "Object" => IncludeObject.Object,
        "None" => IncludeObject.None,
        _ => throw Responses.ApiStatus.BadRequest($"includeObject: Unsupported value: \"{value}\": supported values: \"None\", \"Object\", \"PartialObjectMetadata\""),
    };

    /// <summary>A Table of <paramref name="items"/>; <paramref name="withColumns"/> false leaves out the column definitions (watch events after the first).</summary>
    public static JsonObject Build(KindInfo kind, IEnumerable<KubeObject> items, DateTimeOffset now, IncludeObject include, string? resourceVersion, bool withColumns = true)
    {
        var metadata = new JsonObject();
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        var table = new JsonObject { ["kind"] = "Table", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = metadata };
        table["columnDefinitions"] = withColumns ? new JsonArray(NameColumn.DeepClone(), AgeColumn.DeepClone()) : new JsonArray();
        table["rows"] = new JsonArray([.. items.Select(i => (JsonNode)Row(i, now, include))]);
        return table;
    }

    private static JsonObject Row(KubeObject obj, DateTimeOffset now, IncludeObject include)
    {
        var row = new JsonObject { ["cells"] = new JsonArray(obj.Metadata.Name, Age.Since(obj.Metadata.CreationTimestamp, now)) };
        switch (include)
        {
            case IncludeObject.Object:
                row["object"] = HttpJson.ToNode(obj);
                break;
            case IncludeObject.PartialObjectMetadata:
                row["object"] = PartialObjectMetadata(obj);
                break;
        }

        return row;
    }

    public static JsonObject PartialObjectMetadata(KubeObject obj) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = System.Text.Json.JsonSerializer.SerializeToNode(obj.Metadata, KubeJson.Options),
    };

    private static JsonObject Column(string name, string format, string description) => new()
    {
        ["name"] = name,
        ["type"] = "string",
        ["format"] = format,
        ["description"] = description,
        ["priority"] = 0,
    };
}
