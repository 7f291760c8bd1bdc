using System.Text.Json.Nodes;
using OrleansKube.Manifests.Patching;

namespace OrleansKube.Tests.Patching;

public class JsonPatchTests
{
    private const string Doc = "{'metadata':{'name':'web','labels':{'app':'web','a/b':'1','m~n':'2'}},'spec':{'list':[1,2,3]}}";

    public sealed record ApplyCase(string Sentence, string Patch, string Expected)
    {
        public override string ToString() => Sentence;
    }

    public sealed record FailCase(string Sentence, string Patch, string Cause)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<ApplyCase> Applied() =>
    [
        new ApplyCase("add sets a new key (kubectl patch --type=json)", "[{'op':'add','path':'/metadata/labels/j','value':'1'}]",
            "{'metadata':{'name':'web','labels':{'app':'web','a/b':'1','m~n':'2','j':'1'}},'spec':{'list':[1,2,3]}}"),
        new ApplyCase("add inserts into a list at an index", "[{'op':'add','path':'/spec/list/1','value':9}]",
            "{'metadata':{'name':'web','labels':{'app':'web','a/b':'1','m~n':'2'}},'spec':{'list':[1,9,2,3]}}"),
        new ApplyCase("add at - appends", "[{'op':'add','path':'/spec/list/-','value':4}]",
            "{'metadata':{'name':'web','labels':{'app':'web','a/b':'1','m~n':'2'}},'spec':{'list':[1,2,3,4]}}"),
        new ApplyCase("~1 and ~0 escape / and ~", "[{'op':'remove','path':'/metadata/labels/a~1b'},{'op':'replace','path':'/metadata/labels/m~0n','value':'3'}]",
            "{'metadata':{'name':'web','labels':{'app':'web','m~n':'3'}},'spec':{'list':[1,2,3]}}"),
        new ApplyCase("remove takes a list element out", "[{'op':'remove','path':'/spec/list/0'}]",
            "{'metadata':{'name':'web','labels':{'app':'web','a/b':'1','m~n':'2'}},'spec':{'list':[2,3]}}"),
        new ApplyCase("a negative index counts from the end", "[{'op':'replace','path':'/spec/list/-1','value':7}]",
            "{'metadata':{'name':'web','labels':{'app':'web','a/b':'1','m~n':'2'}},'spec':{'list':[1,2,7]}}"),
        new ApplyCase("move takes the value away from its old place", "[{'op':'move','from':'/metadata/labels/app','path':'/spec/app'}]",
            "{'metadata':{'name':'web','labels':{'a/b':'1','m~n':'2'}},'spec':{'list':[1,2,3],'app':'web'}}"),
        new ApplyCase("copy leaves the source", "[{'op':'copy','from':'/spec/list','path':'/spec/copy'}]",
            "{'metadata':{'name':'web','labels':{'app':'web','a/b':'1','m~n':'2'}},'spec':{'list':[1,2,3],'copy':[1,2,3]}}"),
        new ApplyCase("a passing test lets the later operations run", "[{'op':'test','path':'/spec/list','value':[1,2,3]},{'op':'remove','path':'/spec'}]",
            "{'metadata':{'name':'web','labels':{'app':'web','a/b':'1','m~n':'2'}}}"),
        new ApplyCase("test of a missing key against null passes", "[{'op':'test','path':'/spec/none','value':null}]", Doc),
    ];

    public static TheoryData<FailCase> Failed() =>
    [
        new FailCase("a failed test", "[{'op':'test','path':'/metadata/name','value':'api'}]", "testing value /metadata/name failed: test failed"),
        new FailCase("remove of a missing key", "[{'op':'remove','path':'/metadata/labels/x'}]", "error in remove for path: '/metadata/labels/x': Unable to remove nonexistent key: x: missing value"),
        new FailCase("add under a missing parent", "[{'op':'add','path':'/spec/template/x','value':1}]", "add operation does not apply: doc is missing path: \"/spec/template/x\": missing value"),
        new FailCase("replace of a missing key", "[{'op':'replace','path':'/spec/x','value':1}]", "replace operation does not apply: doc is missing key: /spec/x: missing value"),
        new FailCase("an index past the end", "[{'op':'add','path':'/spec/list/5','value':1}]", "error in add for path: '/spec/list/5': Unable to access invalid index: 5: invalid index referenced"),
        new FailCase("move from a missing path", "[{'op':'move','from':'/spec/x','path':'/spec/y'}]", "move operation does not apply: doc is missing from path: /spec/x: missing value"),
        new FailCase("copy to a missing parent", "[{'op':'copy','from':'/spec/list','path':'/x/y'}]", "copy operation does not apply: doc is missing destination path: /x/y: missing value"),
        new FailCase("an unknown operation", "[{'op':'increment','path':'/spec/list/0'}]", "Unexpected kind: increment"),
        new FailCase("an operation without a path", "[{'op':'remove'}]", "operation missing path field: missing value"),
    ];

    [Theory]
    [MemberData(nameof(Applied))]
    public void Apply_Operation_ChangesTheDocumentAsRfc6902(ApplyCase c) =>
        PatchJson.Equal(c.Expected, JsonPatch.Apply(PatchJson.Object(Doc), JsonNode.Parse(c.Patch.Replace('\'', '"'))));

    [Theory]
    [MemberData(nameof(Failed))]
    public void Apply_OperationThatDoesNotApply_IsInvalidWithUpstreamsReason(FailCase c)
    {
        var error = Assert.Throws<PatchException>(() => ObjectPatch.Apply(PatchJson.Object(Doc), PatchType.JsonPatch, PatchJson.Bytes(c.Patch), Kinds.Pod));

        Assert.Equal((PatchFailure.Invalid, 422, PatchException.JsonPatchNotAppliedMessage, c.Cause), (error.Reason, error.Code, error.Message, error.Cause));
    }

    [Fact]
    public void Apply_FailingOperation_LeavesTheLiveObjectAlone()
    {
        var live = PatchJson.Object(Doc);

        Assert.Throws<PatchException>(() => ObjectPatch.Apply(live, PatchType.JsonPatch, PatchJson.Bytes("[{'op':'remove','path':'/spec'},{'op':'test','path':'/x','value':1}]"), Kinds.Pod));

        PatchJson.Equal(Doc, live);
    }

    [Fact]
    public void Apply_RolloutUndoBody_ReplacesTemplateAndAnnotations()
    {
        var live = PatchJson.Object("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'nginx','annotations':{'deployment.kubernetes.io/revision':'2','x':'y'}},'spec':{'replicas':3,'template':{'metadata':{'labels':{'app':'nginx'}},'spec':{'containers':[{'name':'nginx','image':'nginx:1.27'}]}}}}");
        var undo = "[{'op':'replace','path':'/spec/template','value':{'metadata':{'creationTimestamp':null,'labels':{'app':'nginx'}},'spec':{'containers':[{'name':'nginx','image':'nginx:1.26','ports':[{'containerPort':80}],'resources':{}}]}}},{'op':'replace','path':'/metadata/annotations','value':{'deployment.kubernetes.io/revision':'3'}}]";

        var patched = ObjectPatch.Apply(live, PatchType.JsonPatch, PatchJson.Bytes(undo), Kinds.Deployment);

        PatchJson.Equal("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'nginx','annotations':{'deployment.kubernetes.io/revision':'3'}},'spec':{'replicas':3,'template':{'metadata':{'creationTimestamp':null,'labels':{'app':'nginx'}},'spec':{'containers':[{'name':'nginx','image':'nginx:1.26','ports':[{'containerPort':80}],'resources':{}}]}}}}", patched);
    }

    [Theory]
    [InlineData("{'op':'add'}", "a JSON patch must be a list of operations")]
    [InlineData("[{'op':'add'", "unfinished JSON")]
    [InlineData("[1]", "an operation must be an object")]
    public void Apply_BodyThatIsNotAPatch_IsABadRequest(string body, string why)
    {
        var error = Assert.Throws<PatchException>(() => ObjectPatch.Apply(PatchJson.Object(Doc), PatchType.JsonPatch, PatchJson.Bytes(body), Kinds.Pod));

        Assert.True(error.Reason == PatchFailure.BadRequest && error.Code == 400, why);
    }

    [Fact]
    public void Apply_MoreOperationsThanUpstreamAllows_IsTooLarge()
    {
        var body = "[" + string.Join(",", Enumerable.Repeat("{'op':'test','path':'/metadata/name','value':'web'}", JsonPatch.MaxOperations + 1)) + "]";

        var error = Assert.Throws<PatchException>(() => ObjectPatch.Apply(PatchJson.Object(Doc), PatchType.JsonPatch, PatchJson.Bytes(body), Kinds.Pod));

        Assert.Equal((413, "The allowed maximum operations in a JSON patch is 10000, got 10001"), (error.Code, error.Message));
    }
}
