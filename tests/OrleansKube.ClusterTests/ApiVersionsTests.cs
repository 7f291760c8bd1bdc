using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace OrleansKube.ClusterTests;

/// <summary>
/// A kind served in two versions over HTTP: HorizontalPodAutoscaler is stored as autoscaling/v2 and served as v1 too,
/// converted in (create, update, patch, protobuf) and out (get, list, watch, Tables), and listed by discovery in both.
/// </summary>
public sealed class ApiVersionsTests(ApiClusterFixture cluster) : IClassFixture<ApiClusterFixture>
{
    private const string AggregatedAccept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";

    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    private static string V1Hpa(string name, int cpu) =>
        $$$"""{"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"{{{name}}}"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":5,"targetCPUUtilizationPercentage":{{{cpu}}}}}""";

    private static string V1Path(string ns, string? name = null) => $"/apis/autoscaling/v1/namespaces/{ns}/horizontalpodautoscalers{(name is null ? "" : "/" + name)}";

    private static string V2Path(string ns, string name) => $"/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers/{name}";

    private static int CpuTarget(JsonNode v2) => v2["spec"]!["metrics"]!.AsArray().Single()!["resource"]!["target"]!["averageUtilization"]!.GetValue<int>();

    [Fact]
    public async Task CreateInV1_IsStoredAsV2_AndReadBackInEitherVersion()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "hpa-v1");

        var (code, _, created) = await cluster.SendAsync(HttpMethod.Post, V1Path(ns) + "?fieldManager=test&fieldValidation=Strict", V1Hpa("web", 70));
        var (_, _, v2) = await cluster.GetAsync(V2Path(ns, "web"));
        var (_, _, v1) = await cluster.GetAsync(V1Path(ns, "web"));

        Assert.Equal(201, code);
        Assert.Equal(("autoscaling/v1", 70), (created!["apiVersion"]!.GetValue<string>(), created["spec"]!["targetCPUUtilizationPercentage"]!.GetValue<int>()));
        Assert.Equal(("autoscaling/v2", 70, "Utilization"), (v2!["apiVersion"]!.GetValue<string>(), CpuTarget(v2), v2["spec"]!["metrics"]![0]!["resource"]!["target"]!["type"]!.GetValue<string>()));
        Assert.Equal(("autoscaling/v1", 70, 2), (v1!["apiVersion"]!.GetValue<string>(), v1["spec"]!["targetCPUUtilizationPercentage"]!.GetValue<int>(), v1["spec"]!["minReplicas"]!.GetValue<int>()));
        Assert.Null(v1["spec"]!["metrics"]);
    }

    [Fact]
    public async Task ListWatchAndTable_InV1_CarryV1Objects()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "hpa-list");
        await cluster.SendAsync(HttpMethod.Post, V1Path(ns), V1Hpa("listed", 60));

        var (_, _, list) = await cluster.GetAsync(V1Path(ns));
        // timeoutSeconds is wall-clock time by its definition: the stream ends on its own after it.
        var text = await cluster.Http.GetStringAsync(new Uri(V1Path(ns) + "?watch=true&resourceVersion=0&timeoutSeconds=1", UriKind.Relative), TestContext.Current.CancellationToken);
        var (_, _, table) = await cluster.GetAsync(V1Path(ns) + "?includeObject=Object", TableAccept);

        Assert.Equal(("HorizontalPodAutoscalerList", "autoscaling/v1"), (list!["kind"]!.GetValue<string>(), list["apiVersion"]!.GetValue<string>()));
        var item = Assert.Single(list["items"]!.AsArray())!;
        Assert.Equal(("autoscaling/v1", 60), (item["apiVersion"]!.GetValue<string>(), item["spec"]!["targetCPUUtilizationPercentage"]!.GetValue<int>()));
        // the autoscaler may write the status meanwhile: a MODIFIED event, in v1 too
        var events = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(("ADDED", 60), (events[0]["type"]!.GetValue<string>(), events[0]["object"]!["spec"]!["targetCPUUtilizationPercentage"]!.GetValue<int>()));
        Assert.All(events, e => Assert.Equal("autoscaling/v1", e["object"]!["apiVersion"]!.GetValue<string>()));
        var row = Assert.Single(table!["rows"]!.AsArray())!;
        Assert.Equal("autoscaling/v1", row["object"]!["apiVersion"]!.GetValue<string>());
        Assert.Contains("cpu: <unknown>/60%", row["cells"]!.AsArray().Select(c => c?.ToString()));
    }

    public sealed record PatchCase(string Sentence, string ContentType, string Body)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<PatchCase> V1Patches() =>
    [
        new PatchCase("a merge patch", "application/merge-patch+json", """{"spec":{"targetCPUUtilizationPercentage":55}}"""),
        new PatchCase("a strategic merge patch", "application/strategic-merge-patch+json", """{"spec":{"targetCPUUtilizationPercentage":55}}"""),
        new PatchCase("a JSON patch", "application/json-patch+json", """[{"op":"test","path":"/spec/targetCPUUtilizationPercentage","value":70},{"op":"replace","path":"/spec/targetCPUUtilizationPercentage","value":55}]"""),
        new PatchCase("a server-side apply", "application/apply-patch+yaml", """{"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"patched"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"maxReplicas":5,"targetCPUUtilizationPercentage":55}}"""),
    ];

    [Theory]
    [MemberData(nameof(V1Patches))]
    public async Task PatchInV1_AppliesToTheV1Form(PatchCase c)
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "hpa-patch");
        await cluster.SendAsync(HttpMethod.Post, V1Path(ns), V1Hpa("patched", 70));

        var (code, _, patched) = await cluster.SendAsync(HttpMethod.Patch, V1Path(ns, "patched") + "?fieldManager=test", c.Body, c.ContentType);
        var (_, _, v2) = await cluster.GetAsync(V2Path(ns, "patched"));

        Assert.Equal((200, "autoscaling/v1", 55), (code, patched!["apiVersion"]!.GetValue<string>(), patched["spec"]!["targetCPUUtilizationPercentage"]!.GetValue<int>()));
        Assert.Equal(55, CpuTarget(v2!));
    }

    [Fact]
    public async Task V2MetricsV1CannotCarry_SurviveAReadAndUpdateInV1_ThroughUpstreamsAnnotation()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "hpa-keep");
        var v2Body = """{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"kept"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"maxReplicas":5,"metrics":[{"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"512Mi"}}},{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}]}}""";
        await cluster.SendAsync(HttpMethod.Post, $"/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers", v2Body);

        var (_, _, v1) = await cluster.GetAsync(V1Path(ns, "kept"));
        v1!["spec"]!["maxReplicas"] = 7;
        v1["metadata"]!.AsObject().Remove("resourceVersion"); // unconditional: the autoscaler may write the status meanwhile
        var (code, _, _) = await cluster.SendAsync(HttpMethod.Put, V1Path(ns, "kept"), v1.ToJsonString());
        var (_, _, v2) = await cluster.GetAsync(V2Path(ns, "kept"));

        Assert.Equal("""[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"512Mi"}}]""", v1["metadata"]!["annotations"]!["autoscaling.alpha.kubernetes.io/metrics"]!.GetValue<string>());
        Assert.Equal(200, code);
        Assert.Equal(7, v2!["spec"]!["maxReplicas"]!.GetValue<int>());
        Assert.Equal(["memory", "cpu"], v2["spec"]!["metrics"]!.AsArray().Select(m => m!["resource"]!["name"]!.GetValue<string>()));
        Assert.Null(v2["metadata"]!["annotations"]?["autoscaling.alpha.kubernetes.io/metrics"]);
    }

    [Fact]
    public async Task CreateInV1_AsProtobuf_AsKubectlAutoscalePostsIt_IsStored()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "hpa-proto");
        // kubectl 1.32's body for `kubectl autoscale deployment web --min=2 --max=5 --cpu-percent=80` (its -v=9 dump).
        var body = Convert.FromHexString(
            "6b3873000a290a0e6175746f7363616c696e672f76311217486f72697a6f6e74616c506f644175746f7363616c6572123f0a130a0377656212001a0022002a00" +
            "32003800420012220a1a0a0a4465706c6f796d656e7412037765621a07617070732f76311002180520501a04180020001a002200");
        using var request = new HttpRequestMessage(HttpMethod.Post, V1Path(ns) + "?fieldManager=kubectl-autoscale") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/vnd.kubernetes.protobuf");
        request.Headers.TryAddWithoutValidation("Accept", "application/vnd.kubernetes.protobuf,application/json");

        using var response = await cluster.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var (_, _, v2) = await cluster.GetAsync(V2Path(ns, "web"));

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal((2, 5, 80), (v2!["spec"]!["minReplicas"]!.GetValue<int>(), v2["spec"]!["maxReplicas"]!.GetValue<int>(), CpuTarget(v2)));
    }

    [Fact]
    public async Task Discovery_ListsAutoscalingV2AndV1_PreferringV2_AsUpstream()
    {
        var (_, _, group) = await cluster.GetAsync("/apis/autoscaling");
        var (_, _, resources) = await cluster.GetAsync("/apis/autoscaling/v1");
        var (_, _, aggregated) = await cluster.GetAsync("/apis", AggregatedAccept);
        var (_, _, openApi) = await cluster.GetAsync("/openapi/v3");

        Assert.Equal(["autoscaling/v2", "autoscaling/v1"], group!["versions"]!.AsArray().Select(v => v!["groupVersion"]!.GetValue<string>()));
        Assert.Equal("v2", group["preferredVersion"]!["version"]!.GetValue<string>());
        Assert.Equal(["horizontalpodautoscalers", "horizontalpodautoscalers/status"], resources!["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));
        Assert.All(resources["resources"]!.AsArray(), r => Assert.Null(r!["version"]));
        var autoscaling = aggregated!["items"]!.AsArray().Single(i => i!["metadata"]!["name"]!.GetValue<string>() == "autoscaling")!;
        Assert.Equal(["v2", "v1"], autoscaling["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<string>()));
        var v1Status = autoscaling["versions"]![1]!["resources"]![0]!["subresources"]![0]!["responseKind"]!;
        Assert.Equal(("v1", "HorizontalPodAutoscaler"), (v1Status["version"]!.GetValue<string>(), v1Status["kind"]!.GetValue<string>()));
        Assert.NotNull(openApi!["paths"]!["apis/autoscaling/v1"]);
    }
}
