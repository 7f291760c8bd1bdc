using System.Text.Json.Nodes;

namespace OrleansKube.ClusterTests;

/// <summary>Objects through the Kubernetes API over HTTP: get, list and Tables, create, update, patch, delete, and their Status errors.</summary>
public sealed class ApiResourceTests(ApiClusterFixture cluster) : IClassFixture<ApiClusterFixture>
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    private static string ConfigMap(string name, string value = "1", string? extra = null) =>
        $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","labels":{"app":"api-test"}},"data":{"v":"{{{value}}}"}{{{extra}}}}""";

    private static string Deployment(string name, int replicas) =>
        """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"NAME"},"spec":{"replicas":REPLICAS,"selector":{"matchLabels":{"app":"NAME"}},"template":{"metadata":{"labels":{"app":"NAME"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"},{"name":"side","image":"busybox"}]}}}}"""
            .Replace("NAME", name, StringComparison.Ordinal).Replace("REPLICAS", replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>A pod no scheduler takes: it stays Pending, with no kubelet, for as long as a test needs.</summary>
    private static string PendingPod(string name) =>
        "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"schedulerName\":\"nobody\",\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}";

    private async Task<string> NamespaceAsync(string prefix) => await Helpers.CreateNamespaceAsync(cluster, prefix);

    [Fact]
    public async Task Create_ThenGet_ReturnsTheStoredObject_WithApiVersionAndKind()
    {
        var ns = await NamespaceAsync("create");

        var (code, _, created) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?fieldManager=kubectl-create&fieldValidation=Strict", ConfigMap("cm"));
        var (getCode, _, got) = await cluster.GetAsync($"/api/v1/namespaces/{ns}/configmaps/cm");

        Assert.Equal((201, 200), (code, getCode));
        Assert.Equal(("v1", "ConfigMap", ns), (got!["apiVersion"]!.GetValue<string>(), got["kind"]!.GetValue<string>(), got["metadata"]!["namespace"]!.GetValue<string>()));
        Assert.Equal(created!["metadata"]!["uid"]!.GetValue<string>(), got["metadata"]!["uid"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_IsAKindList_WhoseItemsCarryApiVersionAndKind_AndHonoursTheLabelSelector()
    {
        var ns = await NamespaceAsync("list");
        await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap("a"));
        await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"b"},"data":{}}""");

        var (code, _, list) = await cluster.GetAsync($"/api/v1/namespaces/{ns}/configmaps?labelSelector=app%3Dapi-test&watch=false&limit=500");

        Assert.Equal(200, code);
        Assert.Equal(("ConfigMapList", "v1"), (list!["kind"]!.GetValue<string>(), list["apiVersion"]!.GetValue<string>()));
        Assert.NotNull(list["metadata"]!["resourceVersion"]);
        var item = Assert.Single(list["items"]!.AsArray())!;
        Assert.Equal(("a", "v1", "ConfigMap"), (item["metadata"]!["name"]!.GetValue<string>(), item["apiVersion"]!.GetValue<string>(), item["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task List_AcrossNamespaces_FindsObjectsOfEveryNamespace()
    {
        var ns = await NamespaceAsync("all-ns");
        await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap("across"));

        var (_, _, list) = await cluster.GetAsync($"/api/v1/configmaps?fieldSelector=metadata.namespace%3D{ns}");

        Assert.Equal([ns], list!["items"]!.AsArray().Select(i => i!["metadata"]!["namespace"]!.GetValue<string>()));
    }

    [Fact]
    public async Task List_WithTableAccept_IsATable_WhoseRowsCarryPartialObjectMetadata_OrTheObjectWhenAsked()
    {
        var ns = await NamespaceAsync("table");
        await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap("t"));

        var (_, _, table) = await cluster.GetAsync($"/api/v1/namespaces/{ns}/configmaps", TableAccept);
        var (_, _, full) = await cluster.GetAsync($"/api/v1/namespaces/{ns}/configmaps?includeObject=Object", TableAccept);
        var (_, _, none) = await cluster.GetAsync($"/api/v1/namespaces/{ns}/configmaps?includeObject=None", TableAccept);

        Assert.Equal(("Table", "meta.k8s.io/v1"), (table!["kind"]!.GetValue<string>(), table["apiVersion"]!.GetValue<string>()));
        Assert.Equal("name", table["columnDefinitions"]![0]!["format"]!.GetValue<string>());
        var row = Assert.Single(table["rows"]!.AsArray())!;
        Assert.Equal("t", row["cells"]![0]!.GetValue<string>());
        Assert.Equal(("PartialObjectMetadata", ns), (row["object"]!["kind"]!.GetValue<string>(), row["object"]!["metadata"]!["namespace"]!.GetValue<string>()));
        Assert.Equal("1", full!["rows"]![0]!["object"]!["data"]!["v"]!.GetValue<string>());
        Assert.Null(none!["rows"]![0]!["object"]);
    }

    [Fact]
    public async Task Watch_FromResourceVersionZero_SendsAddedForWhatExists_AndEndsAtTimeoutSeconds()
    {
        var ns = await NamespaceAsync("watch");
        await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap("w"));

        // timeoutSeconds is wall-clock time by its definition: the stream must end on its own after it.
        var text = await cluster.Http.GetStringAsync(new Uri($"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion=0&timeoutSeconds=1", UriKind.Relative), TestContext.Current.CancellationToken);

        var events = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        var added = Assert.Single(events);
        Assert.Equal(("ADDED", "w", "ConfigMap"), (added["type"]!.GetValue<string>(), added["object"]!["metadata"]!["name"]!.GetValue<string>(), added["object"]!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Update_WithAStaleResourceVersion_IsAConflict_AndWithoutOne_Succeeds()
    {
        var ns = await NamespaceAsync("update");
        var (_, _, created) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap("u"));
        var stale = created!["metadata"]!["resourceVersion"]!.GetValue<string>();
        await cluster.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/u", ConfigMap("u", "2"));

        var pinned = ConfigMap("u", "3").Replace("\"name\":\"u\"", $"\"name\":\"u\",\"resourceVersion\":\"{stale}\"", StringComparison.Ordinal);
        var (code, _, status) = await cluster.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/u", pinned);

        Assert.Equal((409, "Conflict"), (code, status!["reason"]!.GetValue<string>()));
        Assert.Equal("Operation cannot be fulfilled on configmaps \"u\": the object has been modified; please apply your changes to the latest version and try again", status["message"]!.GetValue<string>());
        Assert.Equal("2", (await cluster.GetAsync($"/api/v1/namespaces/{ns}/configmaps/u")).Body!["data"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_MergeStrategicAndJson_EachChangeWhatTheyName()
    {
        var ns = await NamespaceAsync("patch");
        await cluster.SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", Deployment("d", 0));
        var path = $"/apis/apps/v1/namespaces/{ns}/deployments/d";

        var merge = await cluster.SendAsync(HttpMethod.Patch, path + "?fieldManager=kubectl-label", """{"metadata":{"labels":{"tier":"front"}}}""", "application/merge-patch+json; charset=utf-8");
        var strategic = await cluster.SendAsync(HttpMethod.Patch, path + "?fieldManager=kubectl-set", """{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"},{"name":"side"}],"containers":[{"image":"nginx:1.28","name":"web"}]}}}}""", "application/strategic-merge-patch+json");
        var json = await cluster.SendAsync(HttpMethod.Patch, path, """[{"op":"replace","path":"/spec/replicas","value":2}]""", "application/json-patch+json");

        Assert.Equal((200, 200, 200), (merge.Code, strategic.Code, json.Code));
        var stored = (await cluster.GetAsync(path)).Body!;
        Assert.Equal("front", stored["metadata"]!["labels"]!["tier"]!.GetValue<string>());
        Assert.Equal(["web=nginx:1.28", "side=busybox"], stored["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => $"{c!["name"]}={c["image"]}"));
        Assert.Equal(2, stored["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task Secret_StringData_IsStoredInData_OnCreateAndPatch_AndNeverReturned()
    {
        var ns = await NamespaceAsync("secret");
        var path = $"/api/v1/namespaces/{ns}/secrets/s";

        var (code, _, created) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets?fieldValidation=Strict",
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"user":"YWRtaW4="},"stringData":{"password":"s3cr3t"}}""");
        var patched = await cluster.SendAsync(HttpMethod.Patch, path, """{"stringData":{"user":"root"}}""", "application/merge-patch+json");
        var stored = (await cluster.GetAsync(path)).Body!;

        Assert.Equal((201, 200), (code, patched.Code));
        Assert.Null(created!["stringData"]);
        Assert.Equal("czNjcjN0", created["data"]!["password"]!.GetValue<string>()); // base64 of "s3cr3t"
        Assert.Null(stored["stringData"]);
        Assert.Equal(("cm9vdA==", "czNjcjN0"), (stored["data"]!["user"]!.GetValue<string>(), stored["data"]!["password"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Patch_ApplyOnAMissingObject_CreatesIt_AndASecondApplyKeepsWhatItDoesNotMention()
    {
        var ns = await NamespaceAsync("apply");
        var path = $"/api/v1/namespaces/{ns}/configmaps/applied?fieldManager=kubectl&fieldValidation=Strict&force=false";

        var (created, _, _) = await cluster.SendAsync(HttpMethod.Patch, path, ConfigMap("applied", "1"), "application/apply-patch+yaml");
        var (merged, _, _) = await cluster.SendAsync(HttpMethod.Patch, path.Replace("fieldManager=kubectl", "fieldManager=kubectl-last-applied", StringComparison.Ordinal),
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"applied","annotations":{"note":"x"}}}""", "application/apply-patch+yaml");

        Assert.Equal((201, 200), (created, merged));
        var stored = (await cluster.GetAsync($"/api/v1/namespaces/{ns}/configmaps/applied")).Body!;
        Assert.Equal(("1", "x"), (stored["data"]!["v"]!.GetValue<string>(), stored["metadata"]!["annotations"]!["note"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Scale_Subresource_ReadsAndWritesSpecReplicas()
    {
        var ns = await NamespaceAsync("scale");
        await cluster.SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", Deployment("s", 0));

        var (code, _, scale) = await cluster.SendAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/s/scale", """{"spec":{"replicas":0}}""", "application/merge-patch+json");
        var (_, _, read) = await cluster.GetAsync($"/apis/apps/v1/namespaces/{ns}/deployments/s/scale");

        Assert.Equal(200, code);
        Assert.Equal(("Scale", "autoscaling/v1", 0), (scale!["kind"]!.GetValue<string>(), scale["apiVersion"]!.GetValue<string>(), scale["spec"]!["replicas"]!.GetValue<int>()));
        Assert.Equal("app=s", read!["status"]!["selector"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_AConfigMap_AnswersASuccessStatus_AndAPod_ItsObject()
    {
        var ns = await NamespaceAsync("delete");
        await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap("gone"));
        await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", """{"metadata":{"name":"p"},"spec":{"schedulerName":"nobody","containers":[{"name":"c","image":"nginx"}]}}""");

        var (code, _, status) = await cluster.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/gone", """{"propagationPolicy":"Background"}""");
        var (podCode, _, pod) = await cluster.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/pods/p?gracePeriodSeconds=0");

        Assert.Equal((200, "Success", "configmaps", "gone"), (code, status!["status"]!.GetValue<string>(), status["details"]!["kind"]!.GetValue<string>(), status["details"]!["name"]!.GetValue<string>()));
        Assert.Equal((200, "Pod"), (podCode, pod!["kind"]!.GetValue<string>()));
        Assert.Equal(404, (await cluster.GetAsync($"/api/v1/namespaces/{ns}/configmaps/gone")).Code);
    }

    [Fact]
    public async Task Binding_OfAPendingPod_SetsItsNode_AndASecondIsAConflict()
    {
        var ns = await NamespaceAsync("bind");
        await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", """{"metadata":{"name":"p"},"spec":{"schedulerName":"my-scheduler","containers":[{"name":"c","image":"nginx"}]}}""");
        var binding = """{"apiVersion":"v1","kind":"Binding","metadata":{"name":"p"},"target":{"apiVersion":"v1","kind":"Node","name":"small-1"}}""";

        var (code, _, status) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods/p/binding/", binding);
        var (again, _, conflict) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/bindings", binding);

        Assert.Equal((201, "Success"), (code, status!["status"]!.GetValue<string>()));
        Assert.Equal("small-1", (await cluster.GetAsync($"/api/v1/namespaces/{ns}/pods/p")).Body!["spec"]!["nodeName"]!.GetValue<string>());
        Assert.Equal((409, "Conflict", "pod p is already assigned to node \"small-1\""), (again, conflict!["reason"]!.GetValue<string>(), conflict["message"]!.GetValue<string>()));
    }

    public sealed record ErrorCase(string Name, string Method, string Path, string? Body, string ContentType, int Code, string Reason, string Message)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<ErrorCase> Errors() =>
    [
        new ErrorCase("a missing object is NotFound", "GET", "/api/v1/namespaces/{ns}/configmaps/none", null, "application/json", 404, "NotFound", "configmaps \"none\" not found"),
        new ErrorCase("a taken name is AlreadyExists", "POST", "/api/v1/namespaces/{ns}/configmaps", ConfigMap("taken"), "application/json", 409, "AlreadyExists", "configmaps \"taken\" already exists"),
        new ErrorCase("an unknown field with Strict is a BadRequest", "POST", "/api/v1/namespaces/{ns}/configmaps?fieldValidation=Strict", ConfigMap("strict", extra: ",\"foo\":1"), "application/json", 400, "BadRequest", "strict decoding error: unknown field \"foo\""),
        new ErrorCase("a protobuf body is UnsupportedMediaType", "POST", "/api/v1/namespaces/{ns}/configmaps", "k8s\0", "application/vnd.kubernetes.protobuf", 415, "UnsupportedMediaType", "protobuf request bodies are not supported by this simulated cluster: send JSON or YAML (for kubectl create <generator>: kubectl create … --dry-run=client -o yaml | kubectl apply -f -)"),
        new ErrorCase("a body over 3 MiB is RequestEntityTooLarge", "POST", "/api/v1/namespaces/{ns}/configmaps", ConfigMap("big", new string('x', (3 * 1024 * 1024) + 1)), "application/json", 413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728"),
        new ErrorCase("exec is refused on a simulated container", "POST", "/api/v1/namespaces/{ns}/pods/p/exec", null, "application/json", 400, "BadRequest", "exec is not available on a simulated container: pods \"p\" runs no processes"),
        new ErrorCase("a create on the all-namespaces path is MethodNotAllowed", "POST", "/api/v1/configmaps", ConfigMap("nowhere"), "application/json", 405, "MethodNotAllowed", "the server does not allow this method on the requested resource"),
        new ErrorCase("an unknown container's log is a BadRequest", "GET", "/api/v1/namespaces/{ns}/pods/p/log?container=nope", null, "application/json", 400, "BadRequest", "container nope is not valid for pod p"),
        new ErrorCase("an unknown propagation policy is Invalid", "DELETE", "/api/v1/namespaces/{ns}/configmaps/taken?propagationPolicy=Sideways", null, "application/json", 422, "Invalid", "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"Sideways\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\""),
        new ErrorCase("an unknown patch type is UnsupportedMediaType", "PATCH", "/api/v1/namespaces/{ns}/configmaps/taken", "{}", "application/xml", 415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml"),
        new ErrorCase("an unknown resource is NotFound", "GET", "/api/v1/namespaces/{ns}/widgets", null, "application/json", 404, "NotFound", "the server could not find the requested resource"),
    ];

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Request_Refused_AnswersUpstreamsStatus(ErrorCase error)
    {
        var ns = await NamespaceAsync("errors");
        await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap("taken"));
        await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", PendingPod("p"));

        var (code, _, status) = await cluster.SendAsync(new HttpMethod(error.Method), error.Path.Replace("{ns}", ns, StringComparison.Ordinal), error.Body, error.ContentType);

        Assert.Equal((error.Code, "Status", "Failure", error.Reason, error.Code), (code, status!["kind"]!.GetValue<string>(), status["status"]!.GetValue<string>(), status["reason"]!.GetValue<string>(), status["code"]!.GetValue<int>()));
        Assert.Equal(error.Message, status["message"]!.GetValue<string>());
        Assert.Equal(404, (await cluster.GetAsync($"/api/v1/namespaces/{ns}/configmaps/strict")).Code);
    }

    [Fact]
    public async Task Create_Invalid_Is422_WithACausePerField()
    {
        var ns = await NamespaceAsync("invalid");

        var (code, _, status) = await cluster.SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", Deployment("bad", -1));

        Assert.Equal((422, "Invalid"), (code, status!["reason"]!.GetValue<string>()));
        Assert.Equal(("bad", "apps", "Deployment"), (status["details"]!["name"]!.GetValue<string>(), status["details"]!["group"]!.GetValue<string>(), status["details"]!["kind"]!.GetValue<string>()));
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray())!;
        Assert.Equal(("FieldValueInvalid", "spec.replicas", "Invalid value: -1: must be greater than or equal to 0"),
            (cause["reason"]!.GetValue<string>(), cause["field"]!.GetValue<string>(), cause["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Create_DryRun_StoresNothing()
    {
        var ns = await NamespaceAsync("dry");

        var (code, _, _) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?dryRun=All", ConfigMap("dry"));

        Assert.Equal(201, code);
        Assert.Equal(404, (await cluster.GetAsync($"/api/v1/namespaces/{ns}/configmaps/dry")).Code);
    }

    [Fact]
    public async Task Eviction_OfAPod_AnswersSuccess_AndThePodGoes()
    {
        var ns = await NamespaceAsync("evict");
        await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", PendingPod("e"));

        var (code, _, status) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods/e/eviction", "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"e\",\"namespace\":\"" + ns + "\"}}");
        await cluster.SettleAsync();

        Assert.Equal((201, "Success"), (code, status!["status"]!.GetValue<string>()));
        Assert.Equal(404, (await cluster.GetAsync($"/api/v1/namespaces/{ns}/pods/e")).Code);
    }

    [Fact]
    public async Task Status_Put_WritesTheStatus_AndLeavesTheSpec()
    {
        var ns = await NamespaceAsync("status");
        await cluster.SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", Deployment("st", 0));

        // The Deployment's controller writes its status after the create: read the object once it has, or the PUT is rightly a Conflict.
        await cluster.SettleAsync();
        var (_, _, current) = await cluster.GetAsync($"/apis/apps/v1/namespaces/{ns}/deployments/st");
        var changed = current!.AsObject();
        changed["spec"]!["replicas"] = 9;
        changed["status"] = new JsonObject { ["observedGeneration"] = 42 };

        var (code, _, stored) = await cluster.SendAsync(HttpMethod.Put, $"/apis/apps/v1/namespaces/{ns}/deployments/st/status", changed.ToJsonString());

        Assert.Equal(200, code);
        Assert.Equal((0, 42), (stored!["spec"]!["replicas"]!.GetValue<int>(), stored["status"]!["observedGeneration"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Log_OfAPodOnNoNodeYet_IsEmptyPlainText_AsUpstreams()
    {
        var ns = await NamespaceAsync("log");
        await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", PendingPod("l"));

        using var response = await cluster.Http.GetAsync(new Uri($"/api/v1/namespaces/{ns}/pods/l/log", UriKind.Relative), TestContext.Current.CancellationToken);

        // Upstream's log location for a pod without a node is none: an empty 200 (a scheduled, waiting one is a 400).
        Assert.Equal((200, "text/plain", ""), ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Watch_WithTableAccept_SendsTableEvents()
    {
        var ns = await NamespaceAsync("watch-table");
        await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap("wt"));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion=0&timeoutSeconds=1");
        request.Headers.TryAddWithoutValidation("Accept", TableAccept);

        // timeoutSeconds is wall-clock time by its definition: the stream must end on its own after it.
        using var response = await cluster.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var line = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split('\n')[0];

        var added = JsonNode.Parse(line)!;
        Assert.Equal(("ADDED", "Table"), (added["type"]!.GetValue<string>(), added["object"]!["kind"]!.GetValue<string>()));
        Assert.Equal(["Name", "Data", "Age"], added["object"]!["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("wt", added["object"]!["rows"]![0]!["cells"]![0]!.GetValue<string>());
    }
}
