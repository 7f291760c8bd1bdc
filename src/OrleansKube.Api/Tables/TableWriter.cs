using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansKube.Api.Handling;
using OrleansKube.Manifests.Printing;
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
    public static IncludeObject ParseInclude(string? value) => value switch
    {
        null or "" or "PartialObjectMetadata" => IncludeObject.PartialObjectMetadata,
        "Object" => IncludeObject.Object,
        "None" => IncludeObject.None,
        _ => throw Responses.ApiStatus.BadRequest($"includeObject: Unsupported value: \"{value}\": supported values: \"None\", \"Object\", \"PartialObjectMetadata\""),
    };

    /// <summary>A Table of <paramref name="items"/>; <paramref name="withColumns"/> false leaves out the column definitions (watch events after the first).</summary>
    /// <remarks><c>version</c>: the version rows' objects are in (<c>includeObject=Object</c>) when it is not the stored one.</remarks>
    public static JsonObject Build(KindInfo kind, IReadOnlyList<KubeObject> items, DateTimeOffset now, IncludeObject include, string? resourceVersion, bool withColumns = true, KindVersion? version = null)
    {
        var metadata = new JsonObject();
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        var printed = ObjectTables.For(kind, items, now);
        var table = new JsonObject { ["kind"] = "Table", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = metadata };
        table["columnDefinitions"] = withColumns ? new JsonArray([.. printed.Columns.Select(Column)]) : new JsonArray();
        table["rows"] = new JsonArray([.. printed.Rows.Select(r => (JsonNode)Row(r, include, version))]);
        return table;
    }

    private static JsonObject Row(TableRow printed, IncludeObject include, KindVersion? version)
    {
        var row = new JsonObject { ["cells"] = new JsonArray([.. printed.Cells.Select(c => c is null ? null : JsonSerializer.SerializeToNode(c, c.GetType()))]) };
        switch (include)
        {
            case IncludeObject.Object:
                row["object"] = HttpJson.ToNode(printed.Object, version);
                break;
            case IncludeObject.PartialObjectMetadata:
                row["object"] = PartialObjectMetadata(printed.Object);
                break;
        }

        return row;
    }

    public static JsonObject PartialObjectMetadata(KubeObject obj) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = JsonSerializer.SerializeToNode(obj.Metadata, KubeJson.Options),
    };

    private static JsonNode Column(TableColumn column) => new JsonObject
    {
        ["name"] = column.Name,
        ["type"] = column.Type,
        ["format"] = column.Format,
        ["description"] = column.Description,
        ["priority"] = column.Priority,
    };
}
