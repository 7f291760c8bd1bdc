using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansKube.Manifests.Patching;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Tests.Patching;

public class ServerSideApplyTests
{
    /// <summary>The first apply of the trace (kubectl apply --server-side --force-conflicts -f deploy.yaml).</summary>
    private const string Applied = """
        {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'labels':{'app':'nginx'},'name':'nginx','namespace':'default'},
         'spec':{'replicas':2,'selector':{'matchLabels':{'app':'nginx'}},'template':{'metadata':{'labels':{'app':'nginx'}},
          'spec':{'containers':[{'env':[{'name':'A','value':'1'}],'image':'nginx:1.25','name':'nginx','ports':[{'containerPort':80}]}]}}}}
        """;

    private const string Live = """
        {'apiVersion':'apps/v1','kind':'Deployment',
         'metadata':{'name':'nginx','namespace':'default','uid':'u-1','resourceVersion':'41','generation':3,'labels':{'app':'nginx','team':'web'}},
         'spec':{'replicas':3,'revisionHistoryLimit':10,'selector':{'matchLabels':{'app':'nginx'}},
          'template':{'metadata':{'labels':{'app':'nginx'}},'spec':{'restartPolicy':'Always','containers':[
            {'name':'nginx','image':'nginx:1.26','imagePullPolicy':'IfNotPresent','args':['-x','-y'],'ports':[{'containerPort':80,'protocol':'TCP','name':'http'}],'env':[{'name':'B','value':'2'}]},
            {'name':'sidecar','image':'busybox'}]}}},
         'status':{'replicas':3}}
        """;

    private static JsonObject ApplyTo(string live, string applied) =>
        ObjectPatch.Apply(PatchJson.Object(live), PatchType.Apply, PatchJson.Bytes(applied), Kinds.Deployment);

    [Fact]
    public void Apply_ToAMissingObject_GivesTheAppliedConfiguration()
    {
        var created = ObjectPatch.Apply([], PatchType.Apply, PatchJson.Bytes(Applied), Kinds.Deployment);

        PatchJson.Equal(Applied, created);
    }

    [Fact]
    public void Apply_ExistingObject_MergesListMapsByKeyAndKeepsWhatItDoesNotMention()
    {
        var result = ApplyTo(Live, Applied);

        PatchJson.Equal("""
            {'apiVersion':'apps/v1','kind':'Deployment',
             'metadata':{'name':'nginx','namespace':'default','uid':'u-1','resourceVersion':'41','generation':3,'labels':{'app':'nginx','team':'web'}},
             'spec':{'replicas':2,'revisionHistoryLimit':10,'selector':{'matchLabels':{'app':'nginx'}},
              'template':{'metadata':{'labels':{'app':'nginx'}},'spec':{'restartPolicy':'Always','containers':[
                {'name':'nginx','image':'nginx:1.25','imagePullPolicy':'IfNotPresent','args':['-x','-y'],'ports':[{'containerPort':80,'protocol':'TCP','name':'http'}],'env':[{'name':'B','value':'2'},{'name':'A','value':'1'}]},
                {'name':'sidecar','image':'busybox'}]}}},
             'status':{'replicas':3}}
            """, result);
    }

    [Fact]
    public void Apply_LastAppliedFollowUp_KeepsTheSpecTheFirstApplySet()
    {
        var first = ApplyTo(Live, Applied);
        var followUp = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{}'},'name':'nginx','namespace':'default'}}";

        var second = ObjectPatch.Apply(first, PatchType.Apply, PatchJson.Bytes(followUp), Kinds.Deployment);

        PatchJson.Equal(first["spec"]!.ToJsonString(), second["spec"]);
        PatchJson.Equal("{'kubectl.kubernetes.io/last-applied-configuration':'{}'}", second["metadata"]!["annotations"]);
    }

    [Fact]
    public void Apply_AtomicListAndNull_ReplacesTheListAndIgnoresTheNull()
    {
        var applied = "{'apiVersion':'apps/v1','kind':'Deployment','spec':{'replicas':null,'template':{'spec':{'containers':[{'name':'nginx','args':['-z'],'ports':[{'containerPort':80,'protocol':'UDP'}]}]}}}}";

        var result = ApplyTo(Live, applied);
        var nginx = result["spec"]!["template"]!["spec"]!["containers"]![0]!;

        Assert.Equal(3, (int)result["spec"]!["replicas"]!);
        PatchJson.Equal("['-z']", nginx["args"]);
        PatchJson.Equal("[{'containerPort':80,'protocol':'TCP','name':'http'},{'containerPort':80,'protocol':'UDP'}]", nginx["ports"]);
    }

    [Fact]
    public void Apply_YamlBody_IsReadAsYaml()
    {
        var yaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: cfg
            data:
              a: "1"
            """;
        var live = PatchJson.Object("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cfg'},'data':{'b':'2'}}");

        var result = ObjectPatch.Apply(live, PatchType.Apply, System.Text.Encoding.UTF8.GetBytes(yaml), Kinds.ConfigMap);

        PatchJson.Equal("{'a':'1','b':'2'}", result["data"]);
    }

    [Theory]
    [InlineData("{'apiVersion':'apps/v2','kind':'Deployment'}", "Incorrect version specified in apply patch. Specified patch version: apps/v2, expected: apps/v1")]
    [InlineData("{'apiVersion':'apps/v1','kind':'ReplicaSet'}", "Incorrect kind specified in apply patch. Specified patch kind: ReplicaSet, expected: Deployment")]
    [InlineData("{'kind':'Deployment'}", "Incorrect version specified in apply patch. Specified patch version: , expected: apps/v1")]
    [InlineData("a: [1", "error decoding YAML: line 2: While parsing a flow sequence, did not find expected ',' or ']'.")]
    public void Apply_ConfigurationOfAnotherTypeOrUnreadable_IsABadRequest(string body, string message)
    {
        var error = Assert.Throws<PatchException>(() => ObjectPatch.Apply(PatchJson.Object(Live), PatchType.Apply, PatchJson.Bytes(body), Kinds.Deployment));

        Assert.Equal((400, message), (error.Code, error.Message));
    }

    [Fact]
    public void Apply_YamlWithASelfContainingAlias_IsABadRequest()
    {
        var error = Assert.Throws<PatchException>(() => ObjectPatch.Apply([], PatchType.Apply, System.Text.Encoding.UTF8.GetBytes("apiVersion: v1\nkind: ConfigMap\ndata: &a [*a]\n"), Kinds.ConfigMap));

        Assert.Equal((400, "error decoding YAML: line 3: anchor 'a' value contains itself"), (error.Code, error.Message));
    }

    [Fact]
    public void Apply_YamlNestedDeeperThanTheLimit_IsABadRequest()
    {
        var yaml = "a: " + new string('[', 100_000) + new string(']', 100_000);

        var error = Assert.Throws<PatchException>(() => ObjectPatch.Apply([], PatchType.Apply, System.Text.Encoding.UTF8.GetBytes(yaml), Kinds.ConfigMap));

        Assert.StartsWith("error decoding YAML: line 1: exceeded max depth of ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_FlowStyleYamlThatIsNotJson_IsReadAsYaml() =>
        PatchJson.Equal("{'a':'1'}", ObjectPatch.Apply([], PatchType.Apply, System.Text.Encoding.UTF8.GetBytes("{apiVersion: v1, kind: ConfigMap, data: {a: '1'}}"), Kinds.ConfigMap)["data"]);

    [Fact]
    public void Apply_ServicePortsWithoutProtocol_MatchTheDefaultedLivePort()
    {
        var live = PatchJson.Object("{'apiVersion':'v1','kind':'Service','metadata':{'name':'web'},'spec':{'clusterIP':'10.96.0.9','ports':[{'port':80,'protocol':'TCP','targetPort':8080,'nodePort':30080}]}}");

        var result = ObjectPatch.Apply(live, PatchType.Apply, PatchJson.Bytes("{'apiVersion':'v1','kind':'Service','metadata':{'name':'web'},'spec':{'ports':[{'port':80,'targetPort':9090}]}}"), Kinds.Service);

        PatchJson.Equal("{'clusterIP':'10.96.0.9','ports':[{'port':80,'protocol':'TCP','targetPort':9090,'nodePort':30080}]}", result["spec"]);
    }

    [Fact]
    public void Apply_Result_DecodesIntoTheModel() =>
        Assert.Equal("nginx:1.25", JsonSerializer.Deserialize<Deployment>(ApplyTo(Live, Applied).ToJsonString(), KubeJson.Options)!.Spec!.Template!.Spec!.Containers[0].Image);
}
