using System.Text.Json.Nodes;

namespace OrleansKube.ClusterTests;

/// <summary>
/// Upstream's full Pod and Deployment examples (every field set; tests/OrleansKube.Tests/Manifests/UpstreamExamples)
/// applied with the real kubectl come back from <c>kubectl get -o json</c> with the spec as written, and scheduling
/// gates hold a pod back until they are removed.
/// </summary>
public sealed class UpstreamExamplesTests(ApiClusterFixture cluster) : IClassFixture<ApiClusterFixture>, IDisposable
{
    private static readonly string ExamplesDir = Path.Combine(AppContext.BaseDirectory, "UpstreamExamples");

    private readonly Kubectl _kubectl = new(cluster);

    public void Dispose() => _kubectl.Dispose();

    [Theory]
    [InlineData("pod.yaml", "pod")]
    [InlineData("deployment.yaml", "deployment")]
    public async Task FullExample_AppliedWithKubectl_ComesBackWithItsSpecAsWritten(string file, string resource)
    {
        var ns = await NamespaceAsync("examples");
        var priorityClass = cluster.UniqueName("examples-high");
        await _kubectl.OkWithInputAsync(["apply", "-f", "-"], $"apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: {priorityClass}\nvalue: 1000\n");
        var example = JsonNode.Parse(Tree(File.ReadAllText(Path.Combine(ExamplesDir, file))
            .Replace("namespace: upstream-examples", $"namespace: {ns}", StringComparison.Ordinal)
            .Replace("priorityClassName: upstream-examples-high", $"priorityClassName: {priorityClass}", StringComparison.Ordinal)))!.AsObject();
        AsAuthorWrites(example);

        await _kubectl.OkWithInputAsync(["apply", "-f", "-"], example.ToJsonString());
        var stored = JsonNode.Parse(await _kubectl.OkAsync("get", resource, "every-field", "-n", ns, "-o", "json"))!;

        // Every field upstream defaults is written in the example, and the admitted ones (priority, the not-ready and
        // unreachable tolerations, serviceAccount) with the values admission gives: the spec comes back unchanged.
        Assert.Equal(Sorted(example["spec"]!).ToJsonString(), Sorted(stored["spec"]!).ToJsonString());
        Assert.Equal(example["metadata"]!["labels"]!.ToJsonString(), stored["metadata"]!["labels"]!.ToJsonString());
    }

    [Fact]
    public async Task GatedPod_WaitsAsSchedulingGated_UntilItsLastGateIsRemoved()
    {
        var ns = await NamespaceAsync("gates");
        await _kubectl.OkWithInputAsync(["apply", "-f", "-"], $$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"gated","namespace":"{{{ns}}}"},
             "spec":{"schedulingGates":[{"name":"example.com/quota"},{"name":"example.com/review"}],"containers":[{"name":"c","image":"nginx:1.27"}]}}
            """);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(5));

        var table = await _kubectl.OkAsync("get", "pod", "gated", "-n", ns, "--no-headers");
        var condition = await _kubectl.OkAsync("get", "pod", "gated", "-n", ns, "-o", "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].reason} {.status.conditions[?(@.type==\"PodScheduled\")].message}");
        var added = await _kubectl.RunAsync("patch", "pod", "gated", "-n", ns, "--type=json", "-p", """[{"op":"add","path":"/spec/schedulingGates/-","value":{"name":"example.com/more"}}]""");
        await _kubectl.OkAsync("patch", "pod", "gated", "-n", ns, "--type=json", "-p", """[{"op":"remove","path":"/spec/schedulingGates/0"}]""");
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(5));
        var stillGated = await _kubectl.OkAsync("get", "pod", "gated", "-n", ns, "-o", "jsonpath={.status.phase} {.spec.nodeName}");
        await _kubectl.OkAsync("patch", "pod", "gated", "-n", ns, "--type=json", "-p", """[{"op":"remove","path":"/spec/schedulingGates"}]""");
        async Task<Pod?> PodAsync() => (Pod?)await cluster.Api.GetAsync("pods", ns, "gated");
        await cluster.AdvanceUntilAsync(async () => await PodAsync() is { Status.Phase: PodPhase.Running }, "the ungated pod runs", TimeSpan.FromMinutes(1));

        Assert.Contains(" SchedulingGated ", table, StringComparison.Ordinal);
        Assert.Equal("SchedulingGated Scheduling is blocked due to non-empty scheduling gates", condition);
        Assert.NotEqual(0, added.Exit);
        Assert.Contains("spec.schedulingGates: Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/more'", added.Err, StringComparison.Ordinal);
        Assert.Equal("Pending ", stillGated);
        Assert.False(string.IsNullOrEmpty((await PodAsync())!.Spec.NodeName));
    }

    [Fact]
    public async Task EphemeralContainers_OnCreate_AreRefusedAsUpstreamRefusesThem()
    {
        var ns = await NamespaceAsync("ephemeral");

        var (exit, _, error) = await _kubectl.RunAsync(["apply", "-f", "-"], $$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"debugged","namespace":"{{{ns}}}"},
             "spec":{"containers":[{"name":"c","image":"nginx:1.27"}],"ephemeralContainers":[{"name":"d","image":"busybox"}]}}
            """);

        Assert.NotEqual(0, exit);
        Assert.Contains("spec.ephemeralContainers: Forbidden: cannot be set on create", error, StringComparison.Ordinal);
    }

    private async Task<string> NamespaceAsync(string prefix)
    {
        var ns = cluster.UniqueName(prefix);
        await _kubectl.OkWithInputAsync(["apply", "-f", "-"], $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n");
        return ns;
    }

    /// <summary>
    /// The example as an author applies it: no status, none of the metadata the server owns (nor an owner or finalizer
    /// that would outlive the test), and no ephemeral containers (only their subresource adds them).
    /// </summary>
    private static void AsAuthorWrites(JsonObject example)
    {
        example.Remove("status");
        var metadata = example["metadata"]!.AsObject();
        foreach (var owned in new[] { "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "ownerReferences", "finalizers" })
        {
            metadata.Remove(owned);
        }

        (example["spec"] as JsonObject)?.Remove("ephemeralContainers");
    }

    /// <summary>The YAML example as JSON, through the unit tests' independent reader.</summary>
    private static string Tree(string yaml) => OrleansKube.Tests.Manifests.YamlTree.Parse(yaml).ToJsonString();

    private static JsonNode Sorted(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Sorted(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(i => i is null ? null : Sorted(i))]),
        _ => node.DeepClone(),
    };
}
