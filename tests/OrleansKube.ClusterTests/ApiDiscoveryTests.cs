using System.Text.Json.Nodes;

namespace OrleansKube.ClusterTests;

/// <summary>The Kubernetes API's documents over HTTP: version, discovery (aggregated and legacy), OpenAPI v3.</summary>
public sealed class ApiDiscoveryTests(ApiClusterFixture cluster) : IClassFixture<ApiClusterFixture>
{
    private const string AggregatedAccept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    [Fact]
    public async Task Version_ReportsMinor32_WithASemverGitVersion()
    {
        var (code, _, body) = await cluster.GetAsync("/version?timeout=32s");

        Assert.Equal(200, code);
        Assert.Equal(("1", "32"), (body!["major"]!.GetValue<string>(), body["minor"]!.GetValue<string>()));
        Assert.Matches(@"^v1\.32\.\d+(-[0-9A-Za-z.-]+)?$", body["gitVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Api_WithAggregatedAccept_AnswersTheExactContentType_AndListsPodsWithTheirSubresources()
    {
        var (code, contentType, body) = await cluster.GetAsync("/api", AggregatedAccept);

        Assert.Equal(200, code);
        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", contentType);
        var pods = Resources(body!).Single(r => r["resource"]!.GetValue<string>() == "pods");
        Assert.Equal(("Namespaced", "pod", "po"), (pods["scope"]!.GetValue<string>(), pods["singularResource"]!.GetValue<string>(), pods["shortNames"]![0]!.GetValue<string>()));
        var eviction = pods["subresources"]!.AsArray().Single(s => s!["subresource"]!.GetValue<string>() == "eviction")!;
        Assert.Equal(("policy", "v1", "Eviction"), (eviction["responseKind"]!["group"]!.GetValue<string>(), eviction["responseKind"]!["version"]!.GetValue<string>(), eviction["responseKind"]!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Apis_WithAggregatedAccept_ListsEveryGroup_AndWithoutIt_AnApiGroupList()
    {
        var (_, _, aggregated) = await cluster.GetAsync("/apis", AggregatedAccept);
        var (code, contentType, legacy) = await cluster.GetAsync("/apis");

        string[] groups = ["apps", "autoscaling", "batch", "coordination.k8s.io", "discovery.k8s.io", "networking.k8s.io", "policy", "rbac.authorization.k8s.io", "scheduling.k8s.io", "storage.k8s.io"];
        Assert.Equal(groups, aggregated!["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal((200, "application/json"), (code, contentType));
        Assert.Equal("APIGroupList", legacy!["kind"]!.GetValue<string>());
        Assert.Equal(groups, legacy["groups"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ApiV1_ListsEvictionInItsOwnGroup_AndTrailingSlashIsTheSamePath()
    {
        var (code, _, body) = await cluster.GetAsync("/api/v1/");

        Assert.Equal(200, code);
        Assert.Equal("APIResourceList", body!["kind"]!.GetValue<string>());
        var eviction = body["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "pods/eviction")!;
        Assert.Equal(("policy", "v1", "Eviction"), (eviction["group"]!.GetValue<string>(), eviction["version"]!.GetValue<string>(), eviction["kind"]!.GetValue<string>()));
        var apps = (await cluster.GetAsync("/apis/apps/v1")).Body!["resources"]!.AsArray();
        var deployments = apps.Single(r => r!["name"]!.GetValue<string>() == "deployments")!;
        Assert.Equal(["all"], deployments["categories"]!.AsArray().Select(c => c!.GetValue<string>()));

        // As upstream: namespaced, no short name, in no category (kubectl get all leaves revisions out).
        var revisions = apps.Single(r => r!["name"]!.GetValue<string>() == "controllerrevisions")!;
        Assert.Equal(("ControllerRevision", true, 0, 0), (revisions["kind"]!.GetValue<string>(), revisions["namespaced"]!.GetValue<bool>(), revisions["shortNames"]?.AsArray().Count ?? 0, revisions["categories"]?.AsArray().Count ?? 0));
    }

    [Fact]
    public async Task OpenApiV3_IndexNamesEachGroupVersionWithAHash_AndTheirPatchOperationsDeclareFieldValidation()
    {
        var (_, _, index) = await cluster.GetAsync("/openapi/v3");

        var url = index!["paths"]!["apis/apps/v1"]!["serverRelativeURL"]!.GetValue<string>();
        Assert.Matches(@"^/openapi/v3/apis/apps/v1\?hash=[0-9A-F]+$", url);
        Assert.NotEqual(url[(url.IndexOf('=') + 1)..], index["paths"]!["api/v1"]!["serverRelativeURL"]!.GetValue<string>().Split('=')[1]);
        var (code, _, document) = await cluster.GetAsync(url);
        Assert.Equal(200, code);
        var patch = document!["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!["patch"]!;
        Assert.Equal("Deployment", patch["x-kubernetes-group-version-kind"]!["kind"]!.GetValue<string>());
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "fieldValidation" && p["in"]!.GetValue<string>() == "query");
    }

    [Fact]
    public async Task OpenApiV2_IsNotFound_SoKubectlUsesItsOwnTypes()
    {
        var (code, _, body) = await cluster.GetAsync("/openapi/v2");

        Assert.Equal((404, "NotFound"), (code, body!["reason"]!.GetValue<string>()));
    }

    private static IEnumerable<JsonNode> Resources(JsonNode list) =>
        list["items"]!.AsArray().SelectMany(i => i!["versions"]!.AsArray()).SelectMany(v => v!["resources"]!.AsArray())!;
}
