using System.Text;
using OrleansKube.Manifests.Reading;

namespace OrleansKube.Tests.Manifests;

public class RequestBodiesTests
{
    private const string Pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}""";

    private static DecodedBody Decode(string body, FieldValidation mode = FieldValidation.Strict, KindInfo? expected = null, string? contentType = "application/json") =>
        RequestBodies.Decode(Encoding.UTF8.GetBytes(body), contentType, expected ?? Kinds.Pod, mode);

    private static RequestBodyException Refused(string body, FieldValidation mode = FieldValidation.Strict, KindInfo? expected = null, string? contentType = "application/json") =>
        Assert.Throws<RequestBodyException>(() => Decode(body, mode, expected, contentType));

    [Fact]
    public void Decode_JsonPod_ReturnsThePodWithoutWarnings()
    {
        var decoded = Decode(Pod, contentType: "application/json; charset=utf-8");

        Assert.Equal("nginx", Assert.IsType<Pod>(decoded.Object).Spec.Containers[0].Image);
        Assert.Empty(decoded.Warnings);
    }

    [Fact]
    public void Decode_ApplyPatchYaml_IsReadAsYaml()
    {
        var decoded = Decode("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: nginx}]\n", contentType: "application/apply-patch+yaml");

        Assert.Equal("p", decoded.Object.Metadata.Name);
    }

    [Fact]
    public void Decode_NoApiVersionOrKind_TakesTheUrls()
    {
        var decoded = Decode("""{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}""");

        Assert.Equal(("v1", "Pod"), (decoded.Object.ApiVersion, decoded.Object.Kind));
    }

    public sealed record FieldCase(string Sentence, FieldValidation Mode, string? Refusal, string[] Warnings)
    {
        public override string ToString() => Sentence;
    }

    private const string Sloppy = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","name":"q"},"spec":{"foo":1,"containers":[{"name":"c","image":"nginx","bar":true}]}}""";

    public static TheoryData<FieldCase> FieldCases() =>
    [
        new FieldCase("Strict refuses every unknown and duplicate field in upstream's words", FieldValidation.Strict,
            "strict decoding error: duplicate field \"metadata.name\", unknown field \"spec.foo\", unknown field \"spec.containers[0].bar\"", []),
        new FieldCase("Warn keeps the object and warns once per field", FieldValidation.Warn, null,
            ["duplicate field \"metadata.name\"", "unknown field \"spec.foo\"", "unknown field \"spec.containers[0].bar\""]),
        new FieldCase("Ignore keeps the object silently", FieldValidation.Ignore, null, []),
    ];

    [Theory]
    [MemberData(nameof(FieldCases))]
    public void Decode_UnknownAndDuplicateFields_FollowFieldValidation(FieldCase c)
    {
        if (c.Refusal is not null)
        {
            var refused = Refused(Sloppy, c.Mode);
            Assert.Equal((RequestBodyError.BadRequest, c.Refusal), (refused.Reason, refused.Message));
            return;
        }

        var decoded = Decode(Sloppy, c.Mode);

        Assert.Equal(c.Warnings, decoded.Warnings);
        Assert.Equal("q", decoded.Object.Metadata.Name); // the last of a duplicate wins, as Go's decoder has it
        Assert.Equal("nginx", ((Pod)decoded.Object).Spec.Containers[0].Image);
    }

    public sealed record RefusalCase(string Sentence, string Body, string? ContentType, RequestBodyError Reason, string Message)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<RefusalCase> RefusalCases() =>
    [
        new RefusalCase("a body over 3 MiB is too large", "{\"x\":\"" + new string('x', 3 * 1024 * 1024) + "\"}", "application/json",
            RequestBodyError.RequestEntityTooLarge, "Request entity too large: limit is 3145728"),
        new RefusalCase("an apiVersion other than the URL's is refused", Pod.Replace("\"v1\"", "\"apps/v1\""), "application/json",
            RequestBodyError.BadRequest, "the API version in the data (apps/v1) does not match the expected API version (v1)"),
        new RefusalCase("a kind other than the URL's is refused", Pod.Replace("\"Pod\"", "\"ConfigMap\""), "application/json",
            RequestBodyError.BadRequest, "ConfigMap in version \"v1\" cannot be handled as a Pod: the kind in the data (ConfigMap) does not match the expected kind (Pod)"),
        new RefusalCase("a value of the wrong type names the field", Pod.Replace("\"spec\":{", "\"spec\":{\"priority\":\"high\","), "application/json",
            RequestBodyError.BadRequest, "Pod in version \"v1\" cannot be handled as a Pod: spec.priority: Invalid value: \"high\": must be an integer"),
        new RefusalCase("JSON nested past the limit is refused without recursion", new string('[', 200_000) + new string(']', 200_000), "application/json",
            RequestBodyError.BadRequest, "couldn't get version/kind; json parse error: exceeded max depth of 64"),
        new RefusalCase("a body that is not an object is refused", "[1,2]", "application/json",
            RequestBodyError.BadRequest, "couldn't get version/kind; json parse error: the body must be an object"),
        new RefusalCase("a self-referencing YAML alias is refused", "apiVersion: v1\nkind: Pod\nmetadata: &m {name: p, labels: *m}\n", "application/apply-patch+yaml",
            RequestBodyError.BadRequest, "error converting YAML to JSON: yaml: line 3: anchor 'm' value contains itself"),
        new RefusalCase("protobuf names the JSON way", "k8s\0", "application/vnd.kubernetes.protobuf",
            RequestBodyError.UnsupportedMediaType, "protobuf request bodies are not supported: send JSON or YAML (for kubectl's generators: kubectl create … --dry-run=client -o yaml | kubectl apply -f -)"),
    ];

    [Theory]
    [MemberData(nameof(RefusalCases))]
    public void Decode_BadBody_RefusedWithUpstreamsReasonAndOneLine(RefusalCase c)
    {
        var refused = Refused(c.Body, contentType: c.ContentType);

        Assert.Equal((c.Reason, c.Message), (refused.Reason, refused.Message));
    }

    [Theory]
    [InlineData("{\"apiVersion\":")]
    [InlineData("{\"a\":1} {\"b\":2}")]
    [InlineData("")]
    public void Decode_MalformedJson_BadRequestOnOneLine(string body)
    {
        var refused = Refused(body);

        Assert.Equal(RequestBodyError.BadRequest, refused.Reason);
        Assert.StartsWith("couldn't get version/kind; json parse error: ", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public void Decode_ExponentialYamlAliases_RefusedBeforeExpanding()
    {
        var body = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nl0: &l0 [lol]\n");
        for (var level = 1; level <= 9; level++)
        {
            body.Append($"l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))}]\n");
        }

        var refused = Refused(body.ToString(), expected: Kinds.ConfigMap, contentType: "application/yaml");

        Assert.EndsWith("document contains excessive aliasing", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseFieldValidation_Absent_IsWarnAsUpstream()
    {
        Assert.Equal(FieldValidation.Warn, RequestBodies.ParseFieldValidation(null));
        Assert.Equal(FieldValidation.Strict, RequestBodies.ParseFieldValidation("Strict"));
        Assert.Equal(RequestBodyError.BadRequest, Assert.Throws<RequestBodyException>(() => RequestBodies.ParseFieldValidation("Loose")).Reason);
    }
}
