using System.Text.Json.Nodes;
using OrleansKube.Manifests.Patching;

namespace OrleansKube.Tests.Patching;

public class MergePatchTests
{
    public sealed record MergeCase(string Sentence, string Target, string Patch, string Expected)
    {
        public override string ToString() => Sentence;
    }

    /// <summary>RFC 7386 appendix A, one case per line of its table.</summary>
    public static TheoryData<MergeCase> Rfc7386() =>
    [
        new MergeCase("a changed scalar replaces", "{'a':'b'}", "{'a':'c'}", "{'a':'c'}"),
        new MergeCase("a new key is added", "{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}"),
        new MergeCase("null removes a key", "{'a':'b'}", "{'a':null}", "{}"),
        new MergeCase("null removes only its key", "{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}"),
        new MergeCase("a list replaces a scalar", "{'a':['b']}", "{'a':'c'}", "{'a':'c'}"),
        new MergeCase("a scalar replaces a list", "{'a':'c'}", "{'a':['b']}", "{'a':['b']}"),
        new MergeCase("maps merge recursively", "{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}"),
        new MergeCase("a list of maps is replaced whole", "{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}"),
        new MergeCase("nulls inside a new map are dropped", "{}", "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}"),
        new MergeCase("a map replaces a scalar", "{'a':'foo'}", "{'a':{'b':'c'}}", "{'a':{'b':'c'}}"),
    ];

    [Theory]
    [MemberData(nameof(Rfc7386))]
    public void Apply_Rfc7386Example_GivesItsResult(MergeCase c) =>
        PatchJson.Equal(c.Expected, MergePatch.Apply(JsonNode.Parse(c.Target.Replace('\'', '"')), JsonNode.Parse(c.Patch.Replace('\'', '"'))));

    [Fact]
    public void Apply_KubectlLabelAndUnlabel_SetsAndRemovesTheLabel()
    {
        var pod = PatchJson.Object("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'web-0','labels':{'app':'web'}},'spec':{'containers':[{'name':'c','image':'x'}]}}");

        var labelled = ObjectPatch.Apply(pod, PatchType.MergePatch, PatchJson.Bytes("{'metadata':{'labels':{'tier':'front'}}}"), Kinds.Pod);
        var unlabelled = ObjectPatch.Apply(labelled, PatchType.MergePatch, PatchJson.Bytes("{'metadata':{'labels':{'tier':null}}}"), Kinds.Pod);

        PatchJson.Equal("{'app':'web','tier':'front'}", labelled["metadata"]!["labels"]);
        PatchJson.Equal("{'app':'web'}", unlabelled["metadata"]!["labels"]);
        PatchJson.Equal("{'app':'web'}", pod["metadata"]!["labels"]);
    }

    [Fact]
    public void Apply_ScaleBody_SetsReplicasAndKeepsTheRest()
    {
        var scale = PatchJson.Object("{'kind':'Scale','apiVersion':'autoscaling/v1','metadata':{'name':'nginx'},'spec':{'replicas':3},'status':{'replicas':3,'selector':'app=nginx'}}");

        var patched = MergePatch.Apply(scale, PatchJson.Object("{'spec':{'replicas':5}}"));

        PatchJson.Equal("{'kind':'Scale','apiVersion':'autoscaling/v1','metadata':{'name':'nginx'},'spec':{'replicas':5},'status':{'replicas':3,'selector':'app=nginx'}}", patched);
    }

    [Fact]
    public void Apply_PatchThatChangesKind_KeepsTheKindOfTheObject()
    {
        var pod = PatchJson.Object("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'}}");

        var patched = ObjectPatch.Apply(pod, PatchType.MergePatch, PatchJson.Bytes("{'kind':'Node','apiVersion':null}"), Kinds.Pod);

        PatchJson.Equal("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'}}", patched);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("{'metadata':")]
    public void Apply_BodyThatIsNotAnObject_IsABadRequest(string body) =>
        Assert.Equal(PatchFailure.BadRequest, Assert.Throws<PatchException>(() =>
            ObjectPatch.Apply(PatchJson.Object("{'metadata':{}}"), PatchType.MergePatch, PatchJson.Bytes(body), Kinds.Pod)).Reason);

    [Fact]
    public void Apply_BodyNestedPastTheDepthLimit_IsABadRequest()
    {
        var body = new string('[', 100) + new string(']', 100);

        var error = Assert.Throws<PatchException>(() => ObjectPatch.Apply(PatchJson.Object("{}"), PatchType.MergePatch, PatchJson.Bytes("{'a':" + body + "}"), Kinds.Pod));

        Assert.Equal(400, error.Code);
    }
}
