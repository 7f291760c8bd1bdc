using OrleansKube.Model.Apps;
using OrleansKube.Model.Policy;

namespace OrleansKube.ClusterTests;

/// <summary>
/// PodDisruptionBudgets end to end on the three-node API cluster: the disruption controller keeps their status, the
/// eviction subresource answers 429 while a budget allows nothing, and drain waits for replacements.
/// </summary>
public sealed class DisruptionBudgetTests(ApiClusterFixture cluster) : IClassFixture<ApiClusterFixture>
{
    private static readonly string[] Nodes = ["small-1", "small-2", "small-3"];

    private static Deployment Web(string ns, int replicas) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = ns },
        Spec = new DeploymentSpec
        {
            Replicas = replicas,
            Selector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new() { ["app"] = "web" } },
                Spec = Helpers.Pod(ns, "").Spec,
            },
        },
    };

    private static string BudgetJson(string name, string rule) =>
        "{\"apiVersion\":\"policy/v1\",\"kind\":\"PodDisruptionBudget\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{" + rule + ",\"selector\":{\"matchLabels\":{\"app\":\"web\"}}}}";

    private async Task<List<Pod>> WebPodsAsync(string ns) => [.. (await cluster.Api.ListAsync(new ListQuery("pods", ns, "app=web"))).Cast<Pod>()];

    private static bool Healthy(Pod pod) => pod.Metadata.DeletionTimestamp is null && pod.Status?.Conditions?.Any(c => c is { Type: "Ready", Status: ConditionStatus.True }) == true;

    private async Task<PodDisruptionBudget> BudgetAsync(string ns, string name) => (PodDisruptionBudget)(await cluster.Api.GetAsync("poddisruptionbudgets", ns, name))!;

    private static string Eviction(string ns, string pod) =>
        "{\"kind\":\"Eviction\",\"apiVersion\":\"policy/v1\",\"metadata\":{\"name\":\"" + pod + "\",\"namespace\":\"" + ns + "\",\"creationTimestamp\":null},\"deleteOptions\":{}}";

    [Fact]
    public async Task Budget_OverAStatefulSet_CountsByItsReplicas()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "pdb-sts");
        var set = new StatefulSet
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = ns },
            Spec = new StatefulSetSpec
            {
                Replicas = 3,
                ServiceName = "web",
                PodManagementPolicy = PodManagementPolicyType.Parallel,
                Selector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } },
                Template = new PodTemplateSpec { Metadata = new ObjectMeta { Labels = new() { ["app"] = "web" } }, Spec = Helpers.Pod(ns, "").Spec },
            },
        };
        await cluster.Api.ApplyAsync([set], ApplyMode.Apply);
        await cluster.SendAsync(HttpMethod.Post, $"/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets", BudgetJson("web-pdb", "\"maxUnavailable\":\"34%\""));

        // maxUnavailable needs the expected count: the set's 3 replicas, so 34 % rounds up to 2 and 1 must stay healthy.
        await cluster.AdvanceUntilAsync(async () => (await WebPodsAsync(ns)).Count(Healthy) == 3 && (await BudgetAsync(ns, "web-pdb")).Status?.ExpectedPods == 3, "three ready pods, counted by the set's replicas");
        var budget = await BudgetAsync(ns, "web-pdb");
        Assert.Equal((3, 1, 3, 2), (budget.Status!.ExpectedPods, budget.Status.DesiredHealthy, budget.Status.CurrentHealthy, budget.Status.DisruptionsAllowed));
    }

    [Fact]
    public async Task Eviction_BudgetAllowsNoMore_Answers429AsUpstream_ThenSucceedsOnceAReplacementIsReady()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "pdb-evict");
        await cluster.Api.ApplyAsync([Web(ns, 2)], ApplyMode.Apply);
        var (created, _, _) = await cluster.SendAsync(HttpMethod.Post, $"/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets?fieldValidation=Strict", BudgetJson("web-pdb", "\"maxUnavailable\":1"));
        Assert.Equal(201, created);
        await cluster.AdvanceUntilAsync(async () => (await WebPodsAsync(ns)).Count(Healthy) == 2 && (await BudgetAsync(ns, "web-pdb")).Status?.DisruptionsAllowed == 1, "both pods are ready and the budget allows one disruption");
        var budget = await BudgetAsync(ns, "web-pdb");
        Assert.Equal((2, 1, 2, 2, 1L), (budget.Status!.ExpectedPods, budget.Status.DesiredHealthy, budget.Status.CurrentHealthy, budget.Status.ExpectedPods, budget.Status.ObservedGeneration));
        Assert.Equal(("DisruptionAllowed", ConditionStatus.True, "SufficientPods"), (budget.Status.Conditions![0].Type, budget.Status.Conditions[0].Status, budget.Status.Conditions[0].Reason));
        var (first, second) = ((await WebPodsAsync(ns))[0].Metadata.Name!, (await WebPodsAsync(ns))[1].Metadata.Name!);

        var (granted, _, _) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods/{first}/eviction", Eviction(ns, first));
        await cluster.SettleAsync();
        var (refused, _, status) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods/{second}/eviction", Eviction(ns, second));

        Assert.Equal((201, 429), (granted, refused));
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Cannot evict pod as it would violate the pod\u0027s disruption budget.","reason":"TooManyRequests","details":{"causes":[{"reason":"DisruptionBudget","message":"The disruption budget web-pdb needs 1 healthy pods and has 1 currently"}]},"code":429}""",
            status!.ToJsonString());
        Assert.Null((await Helpers.GetPodAsync(cluster, ns, second)).Metadata.DeletionTimestamp);

        // The ReplicaSet replaces the evicted pod; once the replacement is Ready the budget allows a disruption again.
        await cluster.AdvanceUntilAsync(async () => (await WebPodsAsync(ns)).Count(Healthy) == 2 && (await BudgetAsync(ns, "web-pdb")).Status?.DisruptionsAllowed == 1, "the replacement is ready");
        var (later, _, _) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods/{second}/eviction", Eviction(ns, second));

        Assert.Equal(201, later);
        Assert.True(await cluster.Api.GetAsync("Pod", ns, second) is not Pod { Metadata.DeletionTimestamp: null }, "the second pod is being deleted or gone");
    }

    [Fact]
    public async Task Get_PodDisruptionBudgets_AsAKubectlTable()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "pdb-table");
        await cluster.SendAsync(HttpMethod.Post, $"/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets", BudgetJson("min", "\"minAvailable\":\"50%\""));

        var (_, _, table) = await cluster.GetAsync($"/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        var (both, _, invalid) = await cluster.SendAsync(HttpMethod.Post, $"/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets", BudgetJson("both", "\"minAvailable\":1,\"maxUnavailable\":1"));

        Assert.Equal(["Name", "Min Available", "Max Unavailable", "Allowed Disruptions", "Age"], table!["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        Assert.Equal(("min", "50%", "N/A", 0), (cells[0]!.GetValue<string>(), cells[1]!.GetValue<string>(), cells[2]!.GetValue<string>(), cells[3]!.GetValue<int>()));
        Assert.Equal((422, "Invalid"), (both, invalid!["reason"]!.GetValue<string>()));
        Assert.EndsWith("minAvailable and maxUnavailable cannot be both set", invalid["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Budget_SelectingNoPods_KubectlDescribeShowsUpstreamsNoPodsEvent()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "pdb-events");
        await cluster.SendAsync(HttpMethod.Post, $"/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets", BudgetJson("lonely", "\"minAvailable\":1"));

        var events = await Helpers.EventsForAsync(cluster, ns, "lonely");
        await cluster.HoldsAsync(async () => (events = await Helpers.EventsForAsync(cluster, ns, "lonely")).Any(e => e.Reason == "NoPods"), "the budget has a NoPods event");
        var noPods = events.Single(e => e.Reason == "NoPods");
        Assert.Equal(("Normal", "No matching pods found", "controllermanager", "PodDisruptionBudget"), (noPods.Type, noPods.Message, noPods.Source?.Component, noPods.InvolvedObject.Kind));

        using var kubectl = new Kubectl(cluster);
        var describe = await kubectl.OkAsync("describe", "pdb", "lonely", "-n", ns);
        Assert.Matches(@"(?m)^\s+Normal\s+NoPods\s+\S+\s+controllermanager\s+No matching pods found$", describe);
    }

    [Fact]
    public async Task Drain_WithABudget_WaitsForEachReplacement_NeverGoingBelowTheBudget()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "pdb-drain");
        var drained = Nodes[0];
        try
        {
            // All three pods on one node: cordon the others while they are placed.
            foreach (var other in Nodes[1..])
            {
                Assert.Equal(0, (await Helpers.OkctlAsync(cluster, "cordon", other)).Exit);
            }

            await cluster.Api.ApplyAsync([Web(ns, 3)], ApplyMode.Apply);
            await cluster.SendAsync(HttpMethod.Post, $"/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets", BudgetJson("web-pdb", "\"maxUnavailable\":1"));
            await cluster.AdvanceUntilAsync(async () => (await WebPodsAsync(ns)).Count(Healthy) == 3 && (await BudgetAsync(ns, "web-pdb")).Status?.DisruptionsAllowed == 1, "three ready pods and one disruption allowed");
            var originals = await WebPodsAsync(ns);
            Assert.All(originals, p => Assert.Equal(drained, p.Spec.NodeName));
            foreach (var other in Nodes[1..])
            {
                await Helpers.OkctlAsync(cluster, "uncordon", other);
            }

            var drainErrors = new StringWriter();
            var draining = Helpers.OkctlAsync(cluster, drainErrors, "drain", drained);

            // No time passes until the drain has tried every pod once: one eviction allowed, two refused (each retried
            // 5 s later on the cluster's clock). Real time: okctl runs outside the simulation's barriers.
            await RealTime.UntilAsync(() => Task.FromResult(draining.IsCompleted || Helpers.LinesSoFar(drainErrors) >= 2), "the drain has tried every pod");
            var fewest = int.MaxValue;
            await cluster.AdvanceUntilAsync(
                async () =>
                {
                    var pods = await WebPodsAsync(ns);
                    fewest = Math.Min(fewest, pods.Count(Healthy));
                    return originals.All(o => pods.All(p => p.Metadata.Uid != o.Metadata.Uid)) && pods.Count(Healthy) == 3;
                },
                "every original pod is gone and three replacements are ready",
                TimeSpan.FromMinutes(3));
            var (exit, output, errors) = await draining.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

            Assert.True(exit == 0, output + errors);
            Assert.Equal(2, fewest); // the budget's desiredHealthy, never less
            Assert.All(await WebPodsAsync(ns), p => Assert.NotEqual(drained, p.Spec.NodeName));
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal($"node/{drained} cordoned", lines[0]);
            Assert.Equal($"node/{drained} drained", lines[^1]);
            foreach (var pod in originals)
            {
                Assert.Contains($"evicting pod {ns}/{pod.Metadata.Name}", lines);
                Assert.Contains($"pod/{pod.Metadata.Name} evicted", lines);
            }

            // Two evictions were refused at first (one disruption allowed), and each was tried again 5 s later.
            var retries = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(retries.Length >= 2, errors);
            Assert.All(retries, l => Assert.Matches($"^error when evicting pods/\"web-[a-z0-9-]+\" -n \"{ns}\" \\(will retry after 5s\\): Cannot evict pod as it would violate the pod's disruption budget\\.$", l));
            // Only this namespace's: the node may also hold pods another test of the class left there, which the drain evicts too.
            Assert.True(lines.Count(l => l.StartsWith($"evicting pod {ns}/", StringComparison.Ordinal)) == 3 + retries.Length, output);
        }
        finally
        {
            foreach (var node in Nodes)
            {
                await Helpers.OkctlAsync(cluster, "uncordon", node);
            }
        }
    }
}
