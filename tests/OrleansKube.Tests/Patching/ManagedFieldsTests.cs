using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansKube.Manifests.Patching;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Tests.Patching;

public class ManagedFieldsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 16, 12, 33, TimeSpan.Zero);

    private const string Applied = """
        {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'nginx','namespace':'default','labels':{'app':'nginx'}},
         'spec':{'replicas':2,'selector':{'matchLabels':{'app':'nginx'}},'template':{'spec':{'containers':[{'name':'nginx','image':'nginx:1.25','ports':[{'containerPort':80}],'args':['-a']}]}}}}
        """;

    [Fact]
    public void Stamp_Apply_RecordsTheManagerAndTheAppliedFieldsAsUpstreamSpellsThem()
    {
        var obj = PatchJson.Object(Applied);

        ManagedFields.Stamp(obj, ManagedFieldsOperation.Apply, "kubectl", Now, PatchSchema.For(Kinds.Deployment), PatchJson.Object(Applied));

        var expected = JsonNode.Parse("""
            [{"apiVersion":"apps/v1","fieldsType":"FieldsV1","manager":"kubectl","operation":"Apply","time":"2026-12-02T16:12:33Z",
              "fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},
               "f:spec":{"f:replicas":{},"f:selector":{"f:matchLabels":{".":{},"f:app":{}}},
                "f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:name":{},"f:image":{},
                  "f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}},"f:args":{}}}}}}}}]
            """);
        Assert.True(JsonNode.DeepEquals(expected, obj["metadata"]!["managedFields"]), obj["metadata"]!["managedFields"]!.ToJsonString());
    }

    [Fact]
    public void Stamp_SecondApplyOfTheManager_ReplacesItsEntryAndKeepsOtherManagers()
    {
        var obj = PatchJson.Object(Applied);
        var schema = PatchSchema.For(Kinds.Deployment);
        ManagedFields.Stamp(obj, ManagedFieldsOperation.Apply, "kubectl", Now, schema, PatchJson.Object(Applied));
        ManagedFields.Stamp(obj, ManagedFieldsOperation.Update, "kubectl-rollout", Now, schema, PatchJson.Object("{'spec':{'template':{'metadata':{'annotations':{'a':'1'}}}}}"));

        ManagedFields.Stamp(obj, ManagedFieldsOperation.Apply, "kubectl", Now.AddMinutes(1), schema, PatchJson.Object("{'apiVersion':'apps/v1','kind':'Deployment','spec':{'replicas':4}}"));

        var entries = obj["metadata"]!["managedFields"]!.AsArray();
        Assert.Equal(["kubectl-rollout/Update", "kubectl/Apply"], entries.Select(e => $"{e!["manager"]}/{e["operation"]}"));
        PatchJson.Equal("{'f:spec':{'f:replicas':{}}}", entries[1]!["fieldsV1"]);
        Assert.Equal("2026-12-02T16:13:33Z", (string?)entries[1]!["time"]);
    }

    [Fact]
    public void Stamp_UpdatesOfOneManager_AddUpTheirFields()
    {
        var obj = PatchJson.Object("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'}}");
        var schema = PatchSchema.For(Kinds.Pod);

        ManagedFields.Stamp(obj, ManagedFieldsOperation.Update, "kubectl-label", Now, schema, PatchJson.Object("{'metadata':{'labels':{'a':'1'}}}"));
        ManagedFields.Stamp(obj, ManagedFieldsOperation.Update, "kubectl-label", Now, schema, PatchJson.Object("{'metadata':{'labels':{'b':'2'}}}"));

        PatchJson.Equal("{'f:metadata':{'f:labels':{'.':{},'f:a':{},'f:b':{}}}}", Assert.Single(obj["metadata"]!["managedFields"]!.AsArray())!["fieldsV1"]);
    }

    [Fact]
    public void Stamp_WithoutFields_RecordsTheObjectButItsStatusAndIdentity()
    {
        var obj = PatchJson.Object("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','uid':'u','finalizers':['x']},'data':{'k':'v'},'status':{'x':1}}");

        ManagedFields.Stamp(obj, ManagedFieldsOperation.Update, "okctl", Now, PatchSchema.For(Kinds.ConfigMap), subresource: null);

        var expected = JsonNode.Parse("""{"f:metadata":{"f:finalizers":{"v:\"x\"":{}}},"f:data":{".":{},"f:k":{}}}""");
        Assert.True(JsonNode.DeepEquals(expected, obj["metadata"]!["managedFields"]![0]!["fieldsV1"]), obj.ToJsonString());
    }

    [Fact]
    public void StampedObject_RoundTripsThroughTheModel()
    {
        var obj = PatchJson.Object(Applied);
        ManagedFields.Stamp(obj, ManagedFieldsOperation.Apply, "kubectl", Now, PatchSchema.For(Kinds.Deployment), PatchJson.Object(Applied));

        var deployment = JsonSerializer.Deserialize<Deployment>(obj.ToJsonString(), KubeJson.Options)!;
        var again = JsonNode.Parse(KubeJson.Serialize(deployment))!;

        var entry = Assert.Single(deployment.Metadata.ManagedFields!);
        Assert.Equal(("kubectl", ManagedFieldsOperation.Apply, Now), (entry.Manager, entry.Operation, entry.Time));
        PatchJson.Equal(obj["metadata"]!["managedFields"]!.ToJsonString(), again["metadata"]!["managedFields"]);
    }
}
