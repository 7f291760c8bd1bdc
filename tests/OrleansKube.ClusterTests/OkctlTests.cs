using OrleansKube.Cli;

namespace OrleansKube.ClusterTests;

/// <summary>okctl end to end against the test silo: the same command tree the program runs, with captured output.</summary>
public sealed class OkctlTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly string ExamplesDir = Path.Combine(AppContext.BaseDirectory, "examples");

    private Task<(int Exit, string Out, string Err)> RunWithInputAsync(string stdin, params string[] args) => RunWithInputAsync(stdin, new StringWriter(), args);

    private async Task<(int Exit, string Out, string Err)> RunWithInputAsync(string stdin, StringWriter error, params string[] args)
    {
        var output = new StringWriter();
        var context = new OkctlContext(output, error, new StringReader(stdin), cluster.Time, (_, _) => Task.FromResult(cluster.Client));
        var exit = await Okctl.RunAsync(args, context);
        return (exit, output.ToString(), error.ToString());
    }

    private Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => RunWithInputAsync("", args);

    [Fact]
    public async Task Apply_ExamplesDirectory_RunsEveryExamplePod()
    {
        // The examples expect the default profile's labels; give this cluster a node that has them.
        await cluster.Api.ApplyAsync(
        [
            new Node
            {
                Metadata = new ObjectMeta { Name = "general-1", Labels = new() { ["topology.kubernetes.io/zone"] = "zone-b", ["disktype"] = "ssd" } },
                Status = new NodeStatus { Images = [.. Helpers.PrePulledImages.Select(i => new ContainerImage { Names = [i], SizeBytes = 50_000_000 })] },
            },
        ], ApplyMode.Apply);

        var apply = await RunAsync("apply", "-f", ExamplesDir);

        Assert.Equal(0, apply.Exit);
        Assert.Contains("pod/web created", apply.Out);
        Assert.Contains("namespace/demo created", apply.Out);
        var pods = new[] { ("default", "web"), ("default", "zone-b-worker"), ("demo", "api"), ("demo", "pinned") };
        foreach (var (ns, name) in pods)
        {
            await Helpers.SettledPodAsync(cluster, ns, name, p => p.Status?.PodIP is not null);
        }

        await cluster.AdvanceAsync(ClusterFixture.PodStartDelay);
        foreach (var (ns, name) in pods)
        {
            await Helpers.SettledPodAsync(cluster, ns, name, p => p.Status?.Phase == PodPhase.Running);
        }

        var get = await RunAsync("get", "pods", "-o", "wide", "-A");
        var lines = get.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$", lines[0]);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^demo\s+pinned\s+1/1\s+Running\s+0\s+\S+\s+10\.\S+\s+general-1\s+<none>\s+<none>$"));

        var again = await RunAsync("apply", "-f", ExamplesDir);
        Assert.Contains("pod/web unchanged", again.Out);
    }

    [Fact]
    public async Task Apply_InvalidQuantity_ExitsNonZeroNamingFieldAndLine_AndStoresNothing()
    {
        const string manifest = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cli-bad-first}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: cli-bad}
            spec:
              containers:
              - name: c
                image: nginx
                resources:
                  requests: {cpu: abc}
            """;

        var result = await RunWithInputAsync(manifest, "apply", "-f", "-");

        Assert.Equal(1, result.Exit);
        Assert.Equal("error: STDIN:13: Pod \"cli-bad\" is invalid: spec.containers[0].resources.requests.cpu: Invalid value: \"abc\": must be a quantity", result.Err.Trim());
        Assert.Equal(1, (await RunAsync("get", "configmap", "cli-bad-first")).Exit);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Pod\nmetadata: {labels: {a: b}}\nspec: {containers: [{name: c, image: i}]}\n", "metadata.name: Required value")]
    [InlineData("apiVersion: v1\nkind: Gadget\nmetadata: {name: g}\n", "no matches for kind \"Gadget\" in version \"v1\"")]
    [InlineData("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   oops: [\n", "error parsing STDIN: line 5")]
    public async Task Apply_BadManifest_ExitsNonZeroWithTheReason(string manifest, string expected)
    {
        var result = await RunWithInputAsync(manifest, "apply", "-f", "-");

        Assert.Equal(1, result.Exit);
        Assert.Contains(expected, result.Err);
        Assert.Empty(result.Out);
    }

    public static TheoryData<string, string> HostileManifests() => new()
    {
        { "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cli-hostile}\ndata: &a [*a]\n", "error: error parsing STDIN: line 4: anchor 'a' value contains itself" },
        {
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cli-hostile}\nl0: &l0 [lol]\n"
                + string.Concat(Enumerable.Range(1, 9).Select(i => $"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n")) + "data: {a: *l9}\n",
            "document contains excessive aliasing"
        },
        { "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cli-hostile}\ndata: " + new string('[', 100_000) + "\n", "error: error parsing STDIN: line 4: exceeded max depth of 64" },
    };

    [Theory]
    [MemberData(nameof(HostileManifests))]
    public async Task Apply_HostileManifest_OneLineErrorNothingStoredAndOkctlStillWorks(string manifest, string expected)
    {
        var result = await RunWithInputAsync(manifest, "apply", "-f", "-");

        Assert.Equal(1, result.Exit);
        Assert.Contains(expected, result.Err);
        Assert.Single(result.Err.Trim().Split('\n'));
        Assert.Equal(1, (await RunAsync("get", "configmap", "cli-hostile")).Exit);
    }

    public static TheoryData<Exception, string> OrleansFailureCases() => new()
    {
        { new TimeoutException("Response did not arrive on time in 00:00:30 for message: Request [S127.0.0.1:11111 …]\n   at Orleans.Runtime…"), "error: the cluster did not answer in time (Response did not arrive on time in 00:00:30 for message: Request [S127.0.0.1:11111 …]); the request may still complete: check with `okctl get`" },
        { new SiloUnavailableException("The target silo became unavailable for message: Request …"), "error: the silo serving this request went away (it stopped or died); try again: a surviving silo takes over" },
        { new Orleans.Runtime.Messaging.ConnectionFailedException("Unable to connect to endpoint S127.0.0.1:30000:0"), "error: lost the connection to the cluster: Unable to connect to endpoint S127.0.0.1:30000:0" },
        { new Orleans.Serialization.CodecNotFoundException("Could not find a codec for type OrleansKube.Model.Core.Pod"), "error: the cluster could not read or write an object (is its store reachable?): Could not find a codec for type OrleansKube.Model.Core.Pod" },
    };

    [Theory]
    [MemberData(nameof(OrleansFailureCases))]
    public async Task AnyCommand_OrleansFailure_PrintsOneLineWithoutAStackTrace(Exception failure, string expected)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new OkctlContext(output, error, new StringReader(""), cluster.Time, (_, _) => Task.FromException<IClusterClient>(failure));

        var exit = await Okctl.RunAsync(["get", "pods"], context);

        Assert.Equal((1, expected), (exit, error.ToString().TrimEnd()));
    }

    [Fact]
    public async Task GetNodes_PrintsKubectlColumns()
    {
        var result = await RunAsync("get", "nodes");

        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, result.Exit);
        Assert.Matches(@"^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$", lines[0]);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^small-1\s+Ready\s+<none>\s+\d+[smhd]\S*\s+v1\.32\.0$"));
    }

    [Fact]
    public async Task Describe_Pod_ShowsNodeConditionsAndEvents()
    {
        await RunWithInputAsync("apiVersion: v1\nkind: Pod\nmetadata: {name: described}\nspec: {nodeName: small-3, containers: [{name: c, image: busybox}]}\n", "apply", "-f", "-");
        await Helpers.SettledPodAsync(cluster, "default", "described", p => p.Status?.PodIP is not null);
        await cluster.AdvanceAsync(ClusterFixture.PodStartDelay);
        await Helpers.SettledPodAsync(cluster, "default", "described", p => p.Status?.Phase == PodPhase.Running);
        await cluster.HoldsAsync(async () => (await Helpers.EventsForAsync(cluster, "default", "described")).Any(e => e.Reason == "Started"), "the kubelet's Started event is recorded");

        var result = await RunAsync("describe", "pod", "described");

        Assert.Equal(0, result.Exit);
        Assert.Matches(@"Node:\s+small-3/172\.16\.", result.Out);
        Assert.Matches(@"Status:\s+Running", result.Out);
        Assert.Matches(@"Ready\s+True", result.Out);
        Assert.Matches(@"Normal\s+Started\s+\S+\s+kubelet\s+Started container c", result.Out);
    }

    [Fact]
    public async Task Describe_Secret_ShowsSizes_NotValues()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "secret");
        await RunWithInputAsync($"apiVersion: v1\nkind: Secret\nmetadata: {{name: creds, namespace: {ns}, labels: {{app: web}}}}\nstringData: {{password: s3cr3t, user: admin}}\n", "apply", "-f", "-");

        var result = await RunAsync("describe", "secret", "creds", "-n", ns);

        Assert.Equal(0, result.Exit);
        Assert.Equal(
            $"Name:         creds\nNamespace:    {ns}\nLabels:       app=web\nAnnotations:  <none>\n\nType:  Opaque\n\nData\n====\npassword:  6 bytes\nuser:      5 bytes\n",
            result.Out.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.DoesNotContain("s3cr3t", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEventsAndDescribe_ShowWhyAPodIsUnschedulable_AndWhereOthersWent()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "why");
        var nodes = (await cluster.Api.ListAsync(new ListQuery("nodes", null))).Count;
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "stuck", nodeSelector: new() { ["disktype"] = "nvme" }), Helpers.Pod(ns, "placed", nodeName: null)], ApplyMode.Apply);
        var placed = await Helpers.SettledPodAsync(cluster, ns, "placed", p => p.Spec.NodeName is not null);
        await Helpers.SettledEventsAsync(cluster, ns, "stuck", events => events.Any(e => e.Reason == "FailedScheduling"));
        await Helpers.SettledEventsAsync(cluster, ns, "placed", events => events.Any(e => e.Reason == "Scheduled"));
        var why = $"0/{nodes} nodes are available: {nodes} node(s) didn't match Pod's node affinity/selector. preemption: 0/{nodes} nodes are available: {nodes} Preemption is not helpful for scheduling.";

        var events = await RunAsync("get", "events", "-n", ns);
        var described = await RunAsync("describe", "pod", "stuck", "-n", ns);

        Assert.Equal(0, events.Exit);
        var lines = events.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$", lines[0]);
        Assert.Contains(lines, l => l.EndsWith($"Warning   FailedScheduling   pod/stuck    {why}", StringComparison.Ordinal));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"Normal\s+Scheduled\s+pod/placed\s+Successfully assigned {ns}/placed to {placed.Spec.NodeName}$"));
        Assert.Equal(0, described.Exit);
        Assert.Matches(@"Status:\s+Pending", described.Out);
        Assert.Matches(@"PodScheduled\s+False", described.Out);
        Assert.Matches($@"Warning\s+FailedScheduling\s+\S+\s+default-scheduler\s+{System.Text.RegularExpressions.Regex.Escape(why)}", described.Out);
    }

    [Fact]
    public async Task Get_WithSelectorsAndOutputs_FiltersAndFormats()
    {
        await RunWithInputAsync("apiVersion: v1\nkind: Namespace\nmetadata: {name: cli-get}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: cli-get, labels: {app: web}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: cli-get, labels: {app: db}}\n", "apply", "-f", "-");

        var names = await RunAsync("get", "cm", "-n", "cli-get", "-l", "app!=db", "-o", "name");
        var yaml = await RunAsync("get", "configmap/a", "-n", "cli-get", "-o", "yaml");
        var none = await RunAsync("get", "pods", "-n", "cli-get");

        Assert.Equal("configmap/a", names.Out.Trim());
        Assert.Contains("kind: ConfigMap", yaml.Out);
        Assert.Contains("  name: a", yaml.Out);
        Assert.Matches(@"resourceVersion: ""\d+""", yaml.Out); // the ConfigMaps' counter: other tests' writes move it
        Assert.Equal("No resources found in cli-get namespace.", none.Err.Trim());
    }

    [Fact]
    public async Task Delete_ByKindAndName_RemovesTheObject()
    {
        await RunWithInputAsync("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: doomed}\n", "apply", "-f", "-");

        var deleted = await RunAsync("delete", "configmap", "doomed");
        var again = await RunAsync("delete", "configmap", "doomed");

        Assert.Equal((0, "configmap \"doomed\" deleted"), (deleted.Exit, deleted.Out.Trim()));
        Assert.Equal(1, again.Exit);
        Assert.Contains("Error from server (NotFound): configmaps \"doomed\" not found", again.Err);
    }
    /// <summary>Runs okctl, asserts it exited 0 with nothing on stderr, and returns its output.</summary>
    private async Task<string> SucceedsAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.Equal((0, ""), (result.Exit, result.Err));
        return result.Out;
    }

    private static string PodScheduledMessage(Pod pod) => pod.Status!.Conditions!.Single(c => c.Type == "PodScheduled").Message!;

    /// <summary>
    /// Runs okctl while simulated time passes a second at a time (its waits count on the cluster's clock), until it exits;
    /// with <paramref name="started"/>, time passes only once that holds (okctl has done its first step), so a slow start
    /// of okctl on a busy machine does not let the clock run ahead of it. With <paramref name="firstReport"/>, time stops
    /// once that much has passed until okctl has written its first line to stderr (its report then, not seconds later).
    /// </summary>
    private async Task<(int Exit, string Out, string Err)> RunWhileTimePassesAsync(string[] args, Func<Task<bool>>? started = null, TimeSpan? firstReport = null)
    {
        var error = new StringWriter();
        var run = RunWithInputAsync("", error, args);
        if (started is not null)
        {
            // Real time: okctl runs outside the simulation's barriers.
            await RealTime.UntilAsync(async () => run.IsCompleted || await started(), "okctl has started");
        }

        for (var second = 0; second < 120 && !run.IsCompleted; second++)
        {
            await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));
            if (firstReport is { } at && second + 1 == (int)at.TotalSeconds)
            {
                // Real time: okctl counts what is left outside the simulation's barriers.
                await RealTime.UntilAsync(() => Task.FromResult(run.IsCompleted || error.GetStringBuilder().Length > 0), "okctl has reported");
            }
        }

        return await run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task<string> NamespaceWithRunningPodAsync(string prefix, long graceSeconds)
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, prefix);
        var pod = Helpers.Pod(ns, "web");
        pod.Spec.TerminationGracePeriodSeconds = graceSeconds;
        pod.Metadata.Annotations = new() { [Manifests.Simulation.WorkloadBehaviour.StopSecondsKey] = $"{graceSeconds}" }; // ignores SIGTERM until killed
        await cluster.Api.ApplyAsync([pod], ApplyMode.Create);
        await Helpers.SettledPodAsync(cluster, ns, "web", p => p.Spec.NodeName is not null);
        await cluster.AdvanceAsync(ClusterFixture.PodStartDelay);
        await Helpers.SettledPodAsync(cluster, ns, "web", p => p.Status?.Phase == PodPhase.Running);
        return ns;
    }

    private async Task<bool> TerminatingAsync(string ns) =>
        await cluster.Api.GetAsync("namespaces", null, ns) is { Metadata.DeletionTimestamp: not null };

    [Fact]
    public async Task DeleteNamespace_WaitsUntilItIsGone_ReportingWhatIsLeftEvery2Seconds()
    {
        var ns = await NamespaceWithRunningPodAsync("cli-ns", graceSeconds: 30);

        var result = await RunWhileTimePassesAsync(["delete", "namespace", ns], () => TerminatingAsync(ns), Cli.Commands.NamespaceWait.ProgressInterval);

        Assert.Equal((0, $"namespace \"{ns}\" deleted"), (result.Exit, result.Out.Trim()));
        Assert.Matches($"^namespace \"{ns}\" terminating: [1-9][0-9]* objects left$", result.Err.Split(Environment.NewLine)[0]);
        Assert.Null(await cluster.Api.GetAsync("namespaces", null, ns));
    }

    [Fact]
    public async Task DeleteNamespace_PastTimeout_ExitsWithOneLineAndNoStackTrace()
    {
        var ns = await NamespaceWithRunningPodAsync("cli-ns-slow", graceSeconds: 300);

        var result = await RunWhileTimePassesAsync(["delete", "namespace", ns, "--timeout", "5s"], () => TerminatingAsync(ns));

        Assert.Equal((1, $"namespace \"{ns}\" deleted"), (result.Exit, result.Out.Trim()));
        var lines = result.Err.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines[..^1], line => Assert.Matches($"^namespace \"{ns}\" terminating: [1-9][0-9]* objects left$", line));
        Assert.Equal($"error: timed out waiting for the condition on namespaces/{ns}", lines[^1]);
        Assert.NotNull(await cluster.Api.GetAsync("namespaces", null, ns)); // the server goes on deleting

        await cluster.AdvanceUntilAsync(async () => await cluster.Api.GetAsync("namespaces", null, ns) is null, $"namespace {ns} is gone");
    }

    [Fact]
    public async Task CordonAndUncordon_StopAndResumePlacementOnTheNode()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "cordon");
        var node = await Helpers.CreateNodeAsync(cluster, "cordon", cpu: "2");

        Assert.Equal($"node/{node} cordoned\n", await SucceedsAsync("cordon", node));
        Assert.Equal($"node/{node} already cordoned\n", (await RunAsync("cordon", node)).Out);
        Assert.True(((Node)(await cluster.Api.GetAsync("Node", null, node))!).Spec!.Unschedulable);

        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "waiting", nodeSelector: new() { ["test-node"] = node })], ApplyMode.Apply);
        var pending = await Helpers.SettledPodAsync(cluster, ns, "waiting", p => p.Status?.Conditions?.Any(c => c.Reason == "Unschedulable") == true);
        Assert.Contains("1 node(s) were unschedulable", PodScheduledMessage(pending));

        Assert.Equal($"node/{node} uncordoned\n", await SucceedsAsync("uncordon", node));
        Assert.Equal(node, (await Helpers.AdvanceUntilPlacedAsync(cluster, ns, "waiting")).Spec.NodeName);
        Assert.Equal($"node/{node} already uncordoned\n", (await RunAsync("uncordon", node)).Out);

        var missing = await RunAsync("cordon", "no-such-node");
        Assert.Equal(1, missing.Exit);
        Assert.Equal("Error from server (NotFound): nodes \"no-such-node\" not found", missing.Err.Trim());
    }

    [Fact]
    public async Task Taint_RepelsPodsUntilRemoved_AndBadSpecsExitNonZero()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "taint");
        var node = await Helpers.CreateNodeAsync(cluster, "taint", cpu: "2");

        Assert.Equal($"node/{node} tainted\n", await SucceedsAsync("taint", "nodes", node, "dedicated=db:NoSchedule"));
        var refused = await RunAsync("taint", "nodes", node, "dedicated=web:NoSchedule");
        Assert.Equal((1, $"error: node {node} already has dedicated taint(s) with same effect(s) and --overwrite is false"), (refused.Exit, refused.Err.Trim()));
        var bad = await RunAsync("taint", "nodes", node, "dedicated=db:Sometimes");
        Assert.Equal((1, "error: invalid taint spec: dedicated=db:Sometimes, invalid taint effect: Sometimes, unsupported taint effect"), (bad.Exit, bad.Err.Trim()));
        var taint = Assert.Single(((Node)(await cluster.Api.GetAsync("Node", null, node))!).Spec!.Taints!);
        Assert.Equal(("dedicated", "db", TaintEffect.NoSchedule), (taint.Key, taint.Value, taint.Effect));

        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "repelled", nodeSelector: new() { ["test-node"] = node })], ApplyMode.Apply);
        var pending = await Helpers.SettledPodAsync(cluster, ns, "repelled", p => p.Status?.Conditions?.Any(c => c.Reason == "Unschedulable") == true);
        Assert.Contains("1 node(s) had untolerated taint {dedicated: db}", PodScheduledMessage(pending));

        Assert.Equal($"node/{node} untainted\n", await SucceedsAsync("taint", "node", node, "dedicated:NoSchedule-"));
        Assert.Equal(node, (await Helpers.AdvanceUntilPlacedAsync(cluster, ns, "repelled")).Spec.NodeName);
        Assert.Null(((Node)(await cluster.Api.GetAsync("Node", null, node))!).Spec!.Taints);
    }

    [Fact]
    public async Task Label_NodesAndPods_AddOverwriteAndRemove()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "label");
        var node = await Helpers.CreateNodeAsync(cluster, "label", cpu: "2");
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "seeker", nodeSelector: new() { ["role"] = ns })], ApplyMode.Apply);
        await Helpers.SettledPodAsync(cluster, ns, "seeker", p => p.Status?.Conditions?.Any(c => c.Reason == "Unschedulable") == true);

        // A label that makes the node match moves the waiting pod there.
        Assert.Equal($"node/{node} labeled\n", await SucceedsAsync("label", "nodes", node, $"role={ns}"));
        Assert.Equal(node, (await Helpers.AdvanceUntilPlacedAsync(cluster, ns, "seeker")).Spec.NodeName);

        Assert.Equal($"pod/seeker labeled\n", (await RunAsync("label", "pods", "seeker", "tier=db", "-n", ns)).Out);
        var refused = await RunAsync("label", "pod/seeker", "tier=web", "-n", ns);
        Assert.Equal((1, "error: 'tier' already has a value (db), and --overwrite is false"), (refused.Exit, refused.Err.Trim()));
        Assert.Equal(0, (await RunAsync("label", "pod/seeker", "tier=web", "--overwrite", "-n", ns)).Exit);
        Assert.Equal("web", (await Helpers.GetPodAsync(cluster, ns, "seeker")).Metadata.Labels!["tier"]);
        Assert.Equal(["seeker"], (await cluster.Api.ListAsync(new ListQuery("pods", ns, "tier=web"))).Select(p => p.Metadata.Name));

        Assert.Equal($"pod/seeker unlabeled\n", (await RunAsync("label", "pods", "seeker", "tier-", "-n", ns)).Out);
        Assert.Null((await Helpers.GetPodAsync(cluster, ns, "seeker")).Metadata.Labels);
        var bad = await RunAsync("label", "pods", "seeker", "-bad=x", "-n", ns);
        Assert.Equal(1, bad.Exit);
        Assert.StartsWith("error: invalid label key: \"-bad=x\"", bad.Err);
    }
}
