using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansKube.Manifests.Patching;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Tests.Patching;

public class StrategicMergePatchTests
{
    private const string Deployment = """
        {'apiVersion':'apps/v1','kind':'Deployment',
         'metadata':{'name':'nginx','namespace':'default','labels':{'app':'nginx'},'finalizers':['a'],'annotations':{'deployment.kubernetes.io/revision':'1'}},
         'spec':{'replicas':3,'selector':{'matchLabels':{'app':'nginx'}},
          'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}},
          'template':{'metadata':{'labels':{'app':'nginx'}},
           'spec':{'containers':[
             {'name':'nginx','image':'nginx:1.26','args':['-a','-b'],'ports':[{'containerPort':80,'protocol':'TCP'},{'containerPort':443,'protocol':'TCP'}],'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]},
             {'name':'sidecar','image':'busybox'}],
            'tolerations':[{'key':'k1','operator':'Exists'}]}}}}
        """;

    private const string Node = """
        {'apiVersion':'v1','kind':'Node','metadata':{'name':'node-2'},
         'spec':{'podCIDR':'10.128.2.0/24','podCIDRs':['10.128.2.0/24'],'unschedulable':true,'taints':[{'key':'old','effect':'NoExecute'},{'key':'keep','effect':'NoSchedule'}]},
         'status':{'conditions':[{'type':'Ready','status':'True'},{'type':'MemoryPressure','status':'False'}]}}
        """;

    public sealed record PatchCase(string Sentence, string Live, KindInfo Kind, string Patch, string Path, string Expected)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<PatchCase> Cases() =>
    [
        new PatchCase("set image merges the container by name and keeps its other fields and the other container", Deployment, Kinds.Deployment,
            "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'nginx'},{'name':'sidecar'}],'containers':[{'image':'nginx:1.27','name':'nginx'}]}}}}",
            "spec.template.spec.containers",
            "[{'name':'nginx','image':'nginx:1.27','args':['-a','-b'],'ports':[{'containerPort':80,'protocol':'TCP'},{'containerPort':443,'protocol':'TCP'}],'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]},{'name':'sidecar','image':'busybox'}]"),
        new PatchCase("$setElementOrder orders the merged list and keeps elements it does not name", Deployment, Kinds.Deployment,
            "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'sidecar'},{'name':'nginx'}]}}}}",
            "spec.template.spec.containers",
            "[{'name':'sidecar','image':'busybox'},{'name':'nginx','image':'nginx:1.26','args':['-a','-b'],'ports':[{'containerPort':80,'protocol':'TCP'},{'containerPort':443,'protocol':'TCP'}],'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}]"),
        new PatchCase("rollout restart adds a template annotation", Deployment, Kinds.Deployment,
            "{'spec':{'template':{'metadata':{'annotations':{'kubectl.kubernetes.io/restartedAt':'2026-12-02T16:12:33Z'}}}}}",
            "spec.template.metadata",
            "{'labels':{'app':'nginx'},'annotations':{'kubectl.kubernetes.io/restartedAt':'2026-12-02T16:12:33Z'}}"),
        new PatchCase("a new container goes before the live ones, as upstream orders it", Deployment, Kinds.Deployment,
            "{'spec':{'template':{'spec':{'containers':[{'name':'log','image':'fluentd'}]}}}}",
            "spec.template.spec.containers[*].name", "['log','nginx','sidecar']"),
        new PatchCase("env merges by name and null deletes a field of an element", Deployment, Kinds.Deployment,
            "{'spec':{'template':{'spec':{'containers':[{'name':'nginx','env':[{'name':'B','value':null,'valueFrom':{'fieldRef':{'fieldPath':'metadata.name'}}},{'name':'C','value':'3'}]}]}}}}",
            "spec.template.spec.containers[0].env",
            "[{'name':'A','value':'1'},{'name':'B','valueFrom':{'fieldRef':{'fieldPath':'metadata.name'}}},{'name':'C','value':'3'}]"),
        new PatchCase("container ports merge by containerPort", Deployment, Kinds.Deployment,
            "{'spec':{'template':{'spec':{'containers':[{'name':'nginx','ports':[{'containerPort':443,'name':'https'}]}]}}}}",
            "spec.template.spec.containers[0].ports",
            "[{'containerPort':80,'protocol':'TCP'},{'containerPort':443,'protocol':'TCP','name':'https'}]"),
        new PatchCase("args are atomic: the patch's list replaces the live one", Deployment, Kinds.Deployment,
            "{'spec':{'template':{'spec':{'containers':[{'name':'nginx','args':['-c']}]}}}}",
            "spec.template.spec.containers[0].args", "['-c']"),
        new PatchCase("tolerations are atomic", Deployment, Kinds.Deployment,
            "{'spec':{'template':{'spec':{'tolerations':[{'key':'k2','operator':'Exists'}]}}}}",
            "spec.template.spec.tolerations", "[{'key':'k2','operator':'Exists'}]"),
        new PatchCase("$patch: delete in a list removes the element with that key", Deployment, Kinds.Deployment,
            "{'spec':{'template':{'spec':{'containers':[{'name':'sidecar','$patch':'delete'}]}}}}",
            "spec.template.spec.containers[*].name", "['nginx']"),
        new PatchCase("$patch: replace in a list replaces the whole list", Deployment, Kinds.Deployment,
            "{'spec':{'template':{'spec':{'containers':[{'name':'only','image':'x'},{'$patch':'replace'}]}}}}",
            "spec.template.spec.containers", "[{'name':'only','image':'x'}]"),
        new PatchCase("$patch: replace on a map replaces the map", Deployment, Kinds.Deployment,
            "{'spec':{'strategy':{'$patch':'replace','type':'Recreate'}}}",
            "spec.strategy", "{'type':'Recreate'}"),
        new PatchCase("$patch: delete on a map empties it", Deployment, Kinds.Deployment,
            "{'metadata':{'labels':{'$patch':'delete'}}}",
            "metadata.labels", "{}"),
        new PatchCase("$patch: merge on a map is the default merge", Deployment, Kinds.Deployment,
            "{'metadata':{'labels':{'$patch':'merge','tier':'web'}}}",
            "metadata.labels", "{'app':'nginx','tier':'web'}"),
        new PatchCase("$retainKeys drops the live keys it does not list (kubectl apply of a Recreate strategy)", Deployment, Kinds.Deployment,
            "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}",
            "spec.strategy", "{'type':'Recreate'}"),
        new PatchCase("finalizers merge as a set, the patch's first", Deployment, Kinds.Deployment,
            "{'metadata':{'finalizers':['b','a']}}",
            "metadata.finalizers", "['b','a']"),
        new PatchCase("$deleteFromPrimitiveList removes finalizers", Deployment, Kinds.Deployment,
            "{'metadata':{'$deleteFromPrimitiveList/finalizers':['a']}}",
            "metadata.finalizers", "[]"),
        new PatchCase("taint sends the full list, which replaces the node's taints", Node, Kinds.Node,
            "{'spec':{'taints':[{'effect':'NoSchedule','key':'dedicated','value':'x'}]}}",
            "spec.taints", "[{'effect':'NoSchedule','key':'dedicated','value':'x'}]"),
        new PatchCase("uncordon's null removes spec.unschedulable", Node, Kinds.Node,
            "{'spec':{'unschedulable':null}}",
            "spec", "{'podCIDR':'10.128.2.0/24','podCIDRs':['10.128.2.0/24'],'taints':[{'key':'old','effect':'NoExecute'},{'key':'keep','effect':'NoSchedule'}]}"),
        new PatchCase("node conditions merge by type", Node, Kinds.Node,
            "{'status':{'conditions':[{'type':'Ready','status':'False','reason':'KubeletDown'}]}}",
            "status.conditions", "[{'type':'Ready','status':'False','reason':'KubeletDown'},{'type':'MemoryPressure','status':'False'}]"),
        new PatchCase("a list the live object lacks is taken from the patch, directives processed", Node, Kinds.Node,
            "{'status':{'addresses':[{'type':'InternalIP','address':'172.16.0.3'},{'type':'Hostname','$patch':'delete'}]}}",
            "status.addresses", "[{'type':'InternalIP','address':'172.16.0.3'}]"),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_KubectlPatch_MergesAsUpstream(PatchCase c)
    {
        var patched = ObjectPatch.Apply(PatchJson.Object(c.Live), PatchType.StrategicMergePatch, PatchJson.Bytes(c.Patch), c.Kind);

        PatchJson.Equal(c.Expected, Select(patched, c.Path));
        Assert.DoesNotContain("\"$", patched.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_CordonOfAnUncordonedNode_SetsUnschedulable()
    {
        var node = PatchJson.Object("{'apiVersion':'v1','kind':'Node','metadata':{'name':'n'},'spec':{}}");

        var patched = ObjectPatch.Apply(node, PatchType.StrategicMergePatch, PatchJson.Bytes("{'spec':{'unschedulable':true}}"), Kinds.Node);

        PatchJson.Equal("{'unschedulable':true}", patched["spec"]);
    }

    [Fact]
    public void Apply_ClientSideApplyOfTheTrace_StoresTheAnnotationAndDecodesIntoTheModel()
    {
        var lastApplied = "{\\'apiVersion\\':\\'apps/v1\\'}";
        var body = "{'metadata':{'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'" + lastApplied + "\\n'}},'spec':{'replicas':3,'template':{'spec':{'$setElementOrder/containers':[{'name':'nginx'}],'containers':[{'image':'nginx:1.26','name':'nginx'}]}}}}";
        var live = PatchJson.Object(Deployment);
        live["spec"]!["template"]!["spec"]!["containers"]!.AsArray().RemoveAt(1);

        var patched = ObjectPatch.Apply(live, PatchType.StrategicMergePatch, PatchJson.Bytes(body), Kinds.Deployment);
        var deployment = JsonSerializer.Deserialize<Deployment>(patched.ToJsonString(), KubeJson.Options)!;

        Assert.Equal("{'apiVersion':'apps/v1'}\n".Replace('\'', '"'), deployment.Metadata.Annotations!["kubectl.kubernetes.io/last-applied-configuration"]);
        var container = Assert.Single(deployment.Spec!.Template!.Spec!.Containers);
        Assert.Equal(("nginx:1.26", 2), (container.Image, container.Ports!.Count));
    }

    public sealed record BadCase(string Sentence, string Patch)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<BadCase> BadPatches() =>
    [
        new BadCase("an unknown $patch directive", "{'metadata':{'labels':{'$patch':'explode'}}}"),
        new BadCase("a merge-key list element without its key", "{'spec':{'template':{'spec':{'containers':[{'image':'x'}]}}}}"),
        new BadCase("a merge-key list element that is not a map", "{'spec':{'template':{'spec':{'containers':['nginx']}}}}"),
        new BadCase("$retainKeys that is not a list", "{'spec':{'strategy':{'$retainKeys':'type'}}}"),
        new BadCase("$retainKeys that misses a key the patch sets", "{'spec':{'strategy':{'$retainKeys':['type'],'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}"),
        new BadCase("$setElementOrder that is not a list", "{'spec':{'template':{'spec':{'$setElementOrder/containers':{'name':'nginx'}}}}}"),
        new BadCase("$setElementOrder that does not order the patch's elements", "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'nginx'}],'containers':[{'name':'sidecar','image':'x'}]}}}}"),
        new BadCase("$deleteFromPrimitiveList that is not a list", "{'metadata':{'$deleteFromPrimitiveList/finalizers':'a'}}"),
        new BadCase("a body that is a list", "[{'op':'add'}]"),
    ];

    [Theory]
    [MemberData(nameof(BadPatches))]
    public void Apply_MalformedPatch_IsABadRequestAndChangesNothing(BadCase c)
    {
        var live = PatchJson.Object(Deployment);

        var error = Assert.Throws<PatchException>(() => ObjectPatch.Apply(live, PatchType.StrategicMergePatch, PatchJson.Bytes(c.Patch), Kinds.Deployment));

        Assert.Equal((PatchFailure.BadRequest, 400), (error.Reason, error.Code));
        Assert.DoesNotContain('\n', error.Message);
        PatchJson.Equal(Deployment, live);
    }

    [Fact]
    public void Schema_EveryKindTheModelHas_HasMetadataRules() =>
        Assert.All(Kinds.All, k => Assert.True(PatchSchema.For(k).List("metadata.finalizers") is { IsSet: true }, k.Kind));

    [Fact]
    public void Schema_WorkloadTemplates_MergeContainersByName()
    {
        var paths = new Dictionary<KindInfo, string>
        {
            [Kinds.Pod] = "spec.containers",
            [Kinds.Deployment] = "spec.template.spec.containers",
            [Kinds.ReplicaSet] = "spec.template.spec.containers",
            [Kinds.DaemonSet] = "spec.template.spec.containers",
            [Kinds.Job] = "spec.template.spec.containers",
            [Kinds.CronJob] = "spec.jobTemplate.spec.template.spec.containers",
        };

        Assert.All(paths, p => Assert.Equal("name", PatchSchema.For(p.Key).List(p.Value)?.MergeKey));
    }

    /// <summary>A small path language for the tables: dots, <c>[n]</c> and <c>[*].field</c> (that field of every element).</summary>
    private static JsonNode? Select(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            var name = part.Contains('[', StringComparison.Ordinal) ? part[..part.IndexOf('[', StringComparison.Ordinal)] : part;
            node = node?[name];
            if (part.EndsWith("[*]", StringComparison.Ordinal))
            {
                var rest = path[(path.IndexOf(part, StringComparison.Ordinal) + part.Length + 1)..];
                return new JsonArray([.. node!.AsArray().Select(e => Select(e, rest)?.DeepClone())]);
            }

            if (part.EndsWith(']'))
            {
                node = node?[int.Parse(part[(part.IndexOf('[', StringComparison.Ordinal) + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)];
            }
        }

        return node;
    }
}
