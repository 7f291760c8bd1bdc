using System.Text.Json.Nodes;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Cli.Printing;

/// <summary>Objects as the JSON trees that <c>-o json</c> and <c>-o yaml</c> print.</summary>
public static class ObjectText
{
    public static JsonNode Node(KubeObject obj) => JsonNode.Parse(KubeJson.Serialize(obj))!;

    public static JsonNode ListNode(IEnumerable<KubeObject> objects) => new JsonObject
    {
        ["apiVersion"] = "v1",
        ["items"] = new JsonArray([.. objects.Select(Node)]),
        ["kind"] = "List",
        ["metadata"] = new JsonObject { ["resourceVersion"] = "" },
    };
}
