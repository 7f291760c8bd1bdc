using OrleansKube.Model.Apps;
using OrleansKube.Model.Autoscaling;

namespace OrleansKube.ClusterTests;

/// <summary>
/// The real kubectl against a test silo's API, verb by verb, as a user types them (<c>kubectl --server …</c>), checking
/// kubectl's own output. Simulated time moves only by the test's steps: a kubectl that waits on the cluster (rollout
/// status, delete, drain, get -w) runs beside the test while the test steps the clock, and is awaited (real time: it is
/// another process) once the cluster has got where kubectl waits for it to get.
/// </summary>
public sealed class KubectlTests(ApiClusterFixture cluster) : IClassFixture<ApiClusterFixture>, IDisposable
{
    // The top level of examples/ as the build copies it (kubectl apply -f DIR reads a directory's files, not its subdirectories).
    private static readonly string ExamplesDir = Path.Combine(AppContext.BaseDirectory, "examples");

    private readonly Kubectl _kubectl = new(cluster);

    public void Dispose() => _kubectl.Dispose();

    private static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";

    private static string DeploymentYaml(string ns, string name, int replicas, string image = "nginx:1.27") => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          replicas: {replicas}
          selector:
            matchLabels: {"{"}app: {name}{"}"}
          template:
            metadata:
              labels: {"{"}app: {name}{"}"}
            spec:
              containers:
              - name: web
                image: {image}
                resources:
                  requests: {"{"}cpu: 10m, memory: 16Mi{"}"}
        """;

    private async Task<string> NamespaceAsync(string prefix)
    {
        var ns = cluster.UniqueName(prefix);
        Assert.Contains($"namespace/{ns} created", await _kubectl.OkWithInputAsync(["apply", "-f", "-"], $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n"));
        return ns;
    }

    private async Task<Deployment?> DeploymentAsync(string ns, string name) => (Deployment?)await cluster.Api.GetAsync("Deployment", ns, name);

    private async Task AvailableAsync(string ns, string name, int replicas) =>
        await cluster.AdvanceUntilAsync(
            async () => await DeploymentAsync(ns, name) is { Status: { } status } d
                && status.ObservedGeneration >= d.Metadata.Generation && status.UpdatedReplicas == replicas && status.AvailableReplicas == replicas && (status.Replicas ?? 0) == replicas,
            $"deployment {ns}/{name} has {replicas} available replicas");

    private async Task<string> DeployAsync(string ns, string name, int replicas)
    {
        await _kubectl.OkWithInputAsync(["apply", "-f", "-"], DeploymentYaml(ns, name, replicas));
        await AvailableAsync(ns, name, replicas);
        return name;
    }

    [Fact]
    public async Task GetIngress_ShowsTheDefaultClassAndTheSimulatedAddress_AsKubectlPrintsThem()
    {
        var ns = await NamespaceAsync("ing");
        var ingress = $"""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: shop
              namespace: {ns}
            spec:
              tls:
              - hosts: [shop.example.com]
                secretName: shop-tls
              rules:
              - host: shop.example.com
                http:
                  paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: web
                        port:
                          number: 80
            """;

        Assert.Contains("ingress.networking.k8s.io/shop created", await _kubectl.OkWithInputAsync(["apply", "-f", "-"], ingress));
        var address = Control.Networking.IngressAddresses.AddressOf("orleanskube");
        var ing = await _kubectl.OkAsync("get", "ing", "-n", ns);
        var classes = await _kubectl.OkAsync("get", "ingressclass");

        Assert.Matches(@"^NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE\n", ing);
        Assert.Matches($@"(?m)^shop\s+orleanskube\s+shop\.example\.com\s+{System.Text.RegularExpressions.Regex.Escape(address)}\s+80, 443\s+\d+s$", ing);
        Assert.Matches(@"(?m)^orleanskube\s+orleanskube\.io/ingress\s+<none>\s+\S+$", classes);
    }

    [Fact]
    public async Task Version_PrintsTheServersVersion_AndApiResources_ListsEveryKind()
    {
        var version = await _kubectl.OkAsync("version");
        var resources = await _kubectl.OkAsync("api-resources");

        Assert.Matches(@"Server Version: v1\.32\.\d+", version);
        Assert.StartsWith("NAME", resources);
        foreach (var line in (string[])["pods    ", "deployments ", "cronjobs ", "leases ", "priorityclasses "])
        {
            Assert.Contains(line.TrimEnd(), resources);
        }

        Assert.Matches(@"(?m)^pods\s+po\s+v1\s+true\s+Pod$", resources);
        Assert.Matches(@"(?m)^deployments\s+deploy\s+apps/v1\s+true\s+Deployment$", resources);
    }

    [Fact]
    public async Task ApplyExamples_ClientSideThenServerSide_CreatesThenLeavesThemUnchanged()
    {
        var first = await _kubectl.OkAsync("apply", "-f", ExamplesDir);
        var again = await _kubectl.OkAsync("apply", "-f", ExamplesDir);
        var serverSide = await _kubectl.OkAsync("apply", "--server-side", "-f", ExamplesDir);

        Assert.Contains("deployment.apps/nginx-deployment created", first);
        Assert.Contains("namespace/demo created", first);
        Assert.Contains("configmap/app-config created", first);
        Assert.Contains("pod/api created", first);
        Assert.Contains("deployment.apps/nginx-deployment unchanged", again);
        Assert.Contains("deployment.apps/nginx-deployment serverside-applied", serverSide);

        // The second apply kept the spec: nothing an apply does not mention is dropped.
        var deployment = await DeploymentAsync("default", "nginx-deployment");
        Assert.Equal(3, deployment!.Spec!.Replicas);
        Assert.Equal("nginx:1.27", deployment.Spec.Template!.Spec!.Containers[0].Image);
    }

    [Fact]
    public async Task Create_MakesTheObject_AndASecondCreateIsAlreadyExists()
    {
        var ns = await NamespaceAsync("create");
        var manifest = $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: {ns}\ndata:\n  a: \"1\"\n";

        var created = await _kubectl.OkWithInputAsync(["create", "-f", "-"], manifest);
        var (exit, _, error) = await _kubectl.RunAsync(["create", "-f", "-"], manifest);

        Assert.Equal("configmap/settings created\n", created);
        Assert.Equal(1, exit);
        Assert.Equal("Error from server (AlreadyExists): error when creating \"STDIN\": configmaps \"settings\" already exists\n", error);
    }

    [Fact]
    public async Task Get_PrintsKubectlsTables_WideAndAcrossNamespaces()
    {
        var ns = await NamespaceAsync("get");
        await _kubectl.OkWithInputAsync(["apply", "-f", "-"], $"apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: {ns}\nspec:\n  selector: {{app: web}}\n  ports:\n  - port: 80\n");
        await DeployAsync(ns, "web", 2);

        var nodes = await _kubectl.OkAsync("get", "nodes");
        var pods = await _kubectl.OkAsync("get", "pods", "-o", "wide", "-A");
        var many = await _kubectl.OkAsync("get", "deploy,rs,ds,jobs,cronjobs,svc,ep,events,leases", "-A");
        var deployments = await _kubectl.OkAsync("get", "deploy", "-n", ns);

        Assert.Matches(@"^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\n", nodes);
        Assert.Matches(@"(?m)^small-1\s+Ready\s+<none>\s+\S+\s+v1\.\d+", nodes);
        Assert.Matches(@"^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES\n", pods);
        Assert.Matches($@"(?m)^{ns}\s+web-[a-z0-9]+-[a-z0-9]+\s+1/1\s+Running\s+0\s+\S+\s+10\.\d+\.\d+\.\d+\s+small-\d\s+<none>\s+<none>$", pods);
        Assert.Matches($@"(?m)^{ns}\s+deployment\.apps/web\s+2/2\s+2\s+2\s+\S+$", many);
        Assert.Matches($@"(?m)^{ns}\s+replicaset\.apps/web-[a-z0-9]+\s+2\s+2\s+2\s+\S+$", many);
        Assert.Contains("kube-node-lease", many); // the kubelets' leases
        Assert.Matches($@"(?m)^{ns}\s+service/web\s+ClusterIP\s+10\.\d+\.\d+\.\d+\s+<none>\s+80/TCP\s+\S+$", many);
        Assert.Matches($@"(?m)^{ns}\s+endpoints/web\s+10\.\d+\.\d+\.\d+:80,10\.\d+\.\d+\.\d+:80\s+\S+$", many);
        Assert.Matches($@"(?m)^{ns}\s+\S+\s+Normal\s+ScalingReplicaSet\s+deployment/web\s+Scaled up replica set web-[a-z0-9]+ to 2$", many);
        Assert.Matches($@"^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+2/2\s+2\s+2\s+\S+\n$", deployments);
    }

    [Fact]
    public async Task Get_WithOutputFormats_PrintsYamlJsonNamesAndJsonPath()
    {
        var ns = await NamespaceAsync("formats");
        await DeployAsync(ns, "fmt", 1);

        var yaml = await _kubectl.OkAsync("get", "deploy", "fmt", "-n", ns, "-o", "yaml");
        var json = await _kubectl.OkAsync("get", "pods", "-n", ns, "-o", "json");
        var names = await _kubectl.OkAsync("get", "deploy,rs", "-n", ns, "-o", "name");
        var path = await _kubectl.OkAsync("get", "deploy", "fmt", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}");

        Assert.Contains("kind: Deployment", yaml);
        Assert.Contains("  name: fmt\n", yaml);
        Assert.Matches(@"resourceVersion: ""\d+""", yaml);
        var list = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        Assert.Equal("List", list["kind"]!.GetValue<string>());
        Assert.Equal("Pod", list["items"]![0]!["kind"]!.GetValue<string>());
        Assert.Matches(@"^deployment\.apps/fmt\nreplicaset\.apps/fmt-[a-z0-9]+\n$", names);
        Assert.Equal("nginx:1.27", path);
    }

    [Fact]
    public async Task GetWatch_PrintsTheTable_ThenARowForEachChange()
    {
        var ns = await NamespaceAsync("watch");
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "watched")], ApplyMode.Apply);
        await cluster.SettleAsync();
        using var watch = _kubectl.Start(["get", "pods", "-n", ns, "-w"]);
        var lines = new List<string>();
        var reading = Task.Run(async () =>
        {
            while (await watch.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        }, TestContext.Current.CancellationToken);
        string Seen()
        {
            lock (lines)
            {
                return string.Join('\n', lines);
            }
        }

        // kubectl's first row is the pod as its list finds it (bound, its container being created: no simulated time has
        // passed); its watch goes on from that list's resourceVersion, so every later change reaches it.
        await RealTime.UntilAsync(() => Task.FromResult(System.Text.RegularExpressions.Regex.IsMatch(Seen(), @"(?m)^watched\s+0/1\s+ContainerCreating\s+0\s+\S+$")), () => $"kubectl get -w listed the pod; it printed:\n{Seen()}");
        await cluster.AdvanceUntilAsync(async () => (await Helpers.GetPodAsync(cluster, ns, "watched")).Status?.Phase == PodPhase.Running, "the watched pod runs");

        // kubectl is another process: its lines arrive in real time.
        await RealTime.UntilAsync(() => Task.FromResult(System.Text.RegularExpressions.Regex.IsMatch(Seen(), @"(?m)^watched\s+1/1\s+Running\s+0\s+\S+$")), () => $"kubectl get -w printed the pod Running; it printed:\n{Seen()}");
        watch.Kill();
        await reading;

        Assert.Matches(@"^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n", Seen() + "\n");
    }

    [Fact]
    public async Task Describe_PodNodeAndDeployment_PrintKubectlsSections()
    {
        var ns = await NamespaceAsync("describe");
        await DeployAsync(ns, "shown", 1);
        var pod = (await cluster.Api.ListAsync(new ListQuery("Pod", ns))).Single();

        var describedPod = await _kubectl.OkAsync("describe", "pod", pod.Metadata.Name!, "-n", ns);
        var describedNode = await _kubectl.OkAsync("describe", "node", ((Pod)pod).Spec.NodeName!);
        var describedDeployment = await _kubectl.OkAsync("describe", "deployment", "shown", "-n", ns);

        Assert.Matches($@"(?m)^Name:\s+{pod.Metadata.Name}$", describedPod);
        Assert.Matches(@"(?m)^Status:\s+Running$", describedPod);
        Assert.Matches(@"(?m)^\s+Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned", describedPod);
        Assert.Matches(@"(?m)^Conditions:$", describedNode);
        Assert.Matches(@"(?m)^Non-terminated Pods:", describedNode);
        Assert.Matches(@"(?m)^StrategyType:\s+RollingUpdate$", describedDeployment);
        Assert.Matches(@"(?m)^NewReplicaSet:\s+shown-[a-z0-9]+ \(1/1 replicas created\)$", describedDeployment);
    }

    [Fact]
    public async Task ScaleSetImageAndRollouts_ChangeTheDeployment_AsKubectlReports()
    {
        var ns = await NamespaceAsync("rollout");
        await DeployAsync(ns, "app", 2);

        Assert.Equal("deployment.apps/app scaled\n", await _kubectl.OkAsync("scale", "deploy", "app", "-n", ns, "--replicas=3"));
        await AvailableAsync(ns, "app", 3);
        Assert.Equal("deployment.apps/app image updated\n", await _kubectl.OkAsync("set", "image", "deploy/app", "web=nginx", "-n", ns));
        await cluster.AdvanceUntilAsync(async () => (await DeploymentAsync(ns, "app"))!.Status!.UpdatedReplicas == 3, "the new image rolled out");
        await AvailableAsync(ns, "app", 3);
        Assert.Equal("deployment \"app\" successfully rolled out\n", await _kubectl.OkAsync("rollout", "status", "deploy/app", "-n", ns));

        var history = await _kubectl.OkAsync("rollout", "history", "deploy/app", "-n", ns);
        Assert.Matches(@"^deployment\.apps/app \nREVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n", history);

        Assert.Equal("deployment.apps/app rolled back\n", await _kubectl.OkAsync("rollout", "undo", "deploy/app", "-n", ns));
        await cluster.AdvanceUntilAsync(async () => (await DeploymentAsync(ns, "app"))!.Spec!.Template!.Spec!.Containers[0].Image == "nginx:1.27", "the undo restored the first image");
        await AvailableAsync(ns, "app", 3);

        Assert.Equal("deployment.apps/app restarted\n", await _kubectl.OkAsync("rollout", "restart", "deploy/app", "-n", ns));
        var restarted = await DeploymentAsync(ns, "app");
        Assert.True(restarted!.Spec!.Template!.Metadata!.Annotations!.ContainsKey("kubectl.kubernetes.io/restartedAt"));
        await AvailableAsync(ns, "app", 3);
        Assert.Equal("deployment.apps/app condition met\n", await _kubectl.OkAsync("wait", "--for=condition=Available", "deploy/app", "-n", ns, "--timeout=30s"));
    }

    [Fact]
    public async Task ReadinessGate_HoldsThePodNotReady_UntilItsConditionIsPatchedTrue()
    {
        var ns = await NamespaceAsync("gates");
        var yaml = $"""
            apiVersion: v1
            kind: Pod
            metadata: {"{"}name: gated, namespace: {ns}, labels: {"{"}app: gated{"}"}{"}"}
            spec:
              readinessGates:
              - conditionType: example.com/load-balancer-ready
              containers:
              - name: web
                image: nginx:1.27
            ---
            apiVersion: v1
            kind: Service
            metadata: {"{"}name: gated, namespace: {ns}{"}"}
            spec:
              selector: {"{"}app: gated{"}"}
              ports: [{"{"}port: 80{"}"}]
            """;
        await _kubectl.OkWithInputAsync(["apply", "-f", "-"], yaml);
        await cluster.AdvanceUntilAsync(async () => await cluster.Api.GetAsync("Pod", ns, "gated") is Pod { Status.Phase: PodPhase.Running }, "the pod runs");
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));

        var pod = (Pod)(await cluster.Api.GetAsync("Pod", ns, "gated"))!;
        var ready = pod.Status!.Conditions!.Single(c => c.Type == "Ready");
        Assert.Equal((ConditionStatus.False, "ReadinessGatesNotReady", "corresponding condition of pod readiness gate \"example.com/load-balancer-ready\" does not exist."), (ready.Status, ready.Reason, ready.Message));
        Assert.Matches(@"(?m)^gated\s+1/1\s+Running\s+0\s+\S+\s+\S+\s+\S+\s+<none>\s+0/1$", await _kubectl.OkAsync("get", "pods", "-o", "wide", "-n", ns));
        Assert.Matches(@"(?m)^gated\s+\d+s$", await _kubectl.OkAsync("get", "endpoints", "gated", "-n", ns)); // only a not-ready address: none shown

        // The load balancer's controller sets its condition: the pod is Ready, and its Service's endpoint with it.
        await _kubectl.OkAsync("patch", "pod", "gated", "-n", ns, "--subresource=status", "-p", """{"status":{"conditions":[{"type":"example.com/load-balancer-ready","status":"True"}]}}""");
        await cluster.SettleAsync();

        Assert.Matches(@"(?m)^gated\s+1/1\s+Running\s+0\s+\S+\s+\S+\s+\S+\s+<none>\s+1/1$", await _kubectl.OkAsync("get", "pods", "-o", "wide", "-n", ns));
        Assert.Equal(ConditionStatus.True, ((Pod)(await cluster.Api.GetAsync("Pod", ns, "gated"))!).Status!.Conditions!.Single(c => c.Type == "Ready").Status);
        Assert.Matches(@"(?m)^gated\s+\d+\.\d+\.\d+\.\d+:80\s", await _kubectl.OkAsync("get", "endpoints", "gated", "-n", ns));
        await DeleteNamespaceAsync(ns);
    }

    private async Task DeleteNamespaceAsync(string ns)
    {
        await cluster.Api.DeleteAsync("namespaces", null, ns);
        await cluster.AdvanceUntilAsync(async () => await cluster.Api.GetAsync("Namespace", null, ns) is null, $"namespace {ns} is gone");
    }

    [Fact]
    public async Task ApplyAutoscaler_GetAndDescribeShowIt_AsKubectlPrints()
    {
        // A v2 manifest, with what v1 cannot say (kubectl autoscale's v1 object: AutoscaleDeployment_…).
        var ns = await NamespaceAsync("autoscale");
        await DeployAsync(ns, "app", 1);
        var hpa = $"""
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {"{"}name: app, namespace: {ns}{"}"}
            spec:
              scaleTargetRef: {"{"}apiVersion: apps/v1, kind: Deployment, name: app{"}"}
              minReplicas: 1
              maxReplicas: 3
              metrics:
              - type: Resource
                resource: {"{"}name: cpu, target: {"{"}type: Utilization, averageUtilization: 50{"}"}{"}"}
            """;

        Assert.Equal("horizontalpodautoscaler.autoscaling/app created\n", await _kubectl.OkWithInputAsync(["apply", "-f", "-"], hpa));
        Assert.Matches(@"^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE\napp\s+Deployment/app\s+cpu: (<unknown>|\d+%)/50%\s+1\s+3\s+\d\s+\S+\n$", await _kubectl.OkAsync("get", "hpa", "-n", ns));

        // Pods without a cpu-usage annotation use what they request: 100 % against 50 %, so the autoscaler doubles app.
        await cluster.AdvanceUntilAsync(async () => (await DeploymentAsync(ns, "app"))!.Spec!.Replicas == 2, "the autoscaler scales app to 2", TimeSpan.FromMinutes(2));
        var described = await _kubectl.OkAsync("describe", "hpa", "app", "-n", ns);
        Assert.Matches(@"(?m)^Reference:\s+Deployment/app$", described);
        Assert.Matches(@"(?m)^\s+Normal\s+SuccessfulRescale\s+.*New size: 2; reason: cpu resource utilization \(percentage of request\) above target$", described);
    }


    [Fact]
    public async Task AutoscaleDeployment_CreatesAnAutoscalerInV1_ThatKubectlShowsAndThatScales()
    {
        var ns = await NamespaceAsync("autoscale-v1");
        await DeployAsync(ns, "web", 1);

        // kubectl 1.32 posts an autoscaling/v1 object, as protobuf; the API stores it as autoscaling/v2.
        Assert.Equal("horizontalpodautoscaler.autoscaling/web autoscaled\n", await _kubectl.OkAsync("autoscale", "deployment", "web", "--min=2", "--max=5", "--cpu-percent=80", "-n", ns));
        Assert.Matches(@"^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE\nweb\s+Deployment/web\s+cpu: (<unknown>|\d+%)/80%\s+2\s+5\s+\d\s+\S+\n$", await _kubectl.OkAsync("get", "hpa", "-n", ns));

        // Below minReplicas, and its pods use what they request (100 % against 80 %): the autoscaler scales web up.
        await cluster.AdvanceUntilAsync(async () => (await DeploymentAsync(ns, "web"))!.Spec!.Replicas >= 2, "the autoscaler scales web to at least 2", TimeSpan.FromMinutes(2));
        // The full resource name: kubectl's shortcut expander turns hpa.v1.autoscaling into the first version listing
        // the short name, the preferred v2 (as against a real cluster).
        var v1 = await _kubectl.OkAsync("get", "horizontalpodautoscalers.v1.autoscaling", "web", "-n", ns, "-o", "yaml");
        Assert.Matches(@"(?m)^apiVersion: autoscaling/v1$", v1);
        Assert.Matches(@"(?m)^  targetCPUUtilizationPercentage: 80$", v1);
        Assert.DoesNotMatch(@"(?m)^  metrics:", v1);
        Assert.Matches(@"(?m)^apiVersion: autoscaling/v2$", await _kubectl.OkAsync("get", "hpa", "web", "-n", ns, "-o", "yaml"));
        await DeleteNamespaceAsync(ns);
    }

    [Fact]
    public async Task ApplyV1Manifest_ClientAndServerSide_ChangesTheStoredV2Autoscaler()
    {
        var ns = await NamespaceAsync("apply-v1");
        string Manifest(int cpu) => $"""
            apiVersion: autoscaling/v1
            kind: HorizontalPodAutoscaler
            metadata: {"{"}name: api, namespace: {ns}{"}"}
            spec:
              scaleTargetRef: {"{"}apiVersion: apps/v1, kind: Deployment, name: api{"}"}
              minReplicas: 1
              maxReplicas: 4
              targetCPUUtilizationPercentage: {cpu}
            """;
        async Task<int?> StoredTargetAsync() =>
            ((HorizontalPodAutoscaler?)await cluster.Api.GetAsync("HorizontalPodAutoscaler", ns, "api"))!.Spec!.Metrics!.Single().Resource!.Target!.AverageUtilization;

        Assert.Equal("horizontalpodautoscaler.autoscaling/api created\n", await _kubectl.OkWithInputAsync(["apply", "-f", "-"], Manifest(70)));
        Assert.Equal("horizontalpodautoscaler.autoscaling/api configured\n", await _kubectl.OkWithInputAsync(["apply", "-f", "-"], Manifest(65)));
        Assert.Equal(65, await StoredTargetAsync());
        Assert.Equal("horizontalpodautoscaler.autoscaling/api serverside-applied\n", await _kubectl.OkWithInputAsync(["apply", "--server-side", "--force-conflicts", "-f", "-"], Manifest(60)));
        Assert.Equal(60, await StoredTargetAsync());
        Assert.Matches(@"(?m)^api\s+Deployment/api\s+cpu: <unknown>/60%\s+1\s+4\s", await _kubectl.OkAsync("get", "hpa", "-n", ns));
        Assert.Equal("horizontalpodautoscaler.autoscaling \"api\" deleted\n", await _kubectl.OkAsync("delete", "horizontalpodautoscalers.v1.autoscaling", "api", "-n", ns));
        await DeleteNamespaceAsync(ns);
    }

    [Fact]
    public async Task StatefulSet_ApplyGetScaleAndRolloutStatus_AsKubectlReports()
    {
        var ns = await NamespaceAsync("stateful");
        var yaml = $"""
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {"{"}name: db, namespace: {ns}{"}"}
            spec:
              replicas: 2
              serviceName: db
              selector:
                matchLabels: {"{"}app: db{"}"}
              template:
                metadata:
                  labels: {"{"}app: db{"}"}
                spec:
                  terminationGracePeriodSeconds: 0
                  containers:
                  - name: db
                    image: nginx:1.27
                    volumeMounts: [{"{"}name: data, mountPath: /data{"}"}]
              volumeClaimTemplates:
              - metadata: {"{"}name: data{"}"}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources:
                    requests: {"{"}storage: 1Gi{"}"}
            """;
        Assert.Equal($"statefulset.apps/db created\n", await _kubectl.OkWithInputAsync(["apply", "-f", "-"], yaml));
        async Task ReadyAsync(int replicas) => await cluster.AdvanceUntilAsync(
            async () => await cluster.Api.GetAsync("StatefulSet", ns, "db") is StatefulSet { Status.ReadyReplicas: var ready } && ready == replicas, $"{replicas} replicas are ready");
        await ReadyAsync(2);

        Assert.Matches(@"^NAME\s+READY\s+AGE\ndb\s+2/2\s+\d+s\n$", await _kubectl.OkAsync("get", "sts", "-n", ns));
        Assert.Matches(@"^NAME\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\ndb\s+2/2\s+\d+s\s+db\s+nginx:1\.27\n$", await _kubectl.OkAsync("get", "statefulsets", "-o", "wide", "-n", ns));
        Assert.Matches(
            @"^NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+AGE\ndata-db-0\s+Bound\s+pvc-[0-9a-f-]+\s+1Gi\s+RWO\s+standard\s+<unset>\s+\d+s\ndata-db-1\s+Bound\s+pvc-[0-9a-f-]+\s+1Gi\s+RWO\s+standard\s+<unset>\s+\d+s\n$",
            await _kubectl.OkAsync("get", "pvc", "-n", ns));

        Assert.Equal("statefulset.apps/db scaled\n", await _kubectl.OkAsync("scale", "sts", "db", "-n", ns, "--replicas=3"));
        await ReadyAsync(3);
        Assert.Equal("partitioned roll out complete: 3 new pods have been updated...\n", await _kubectl.OkAsync("rollout", "status", "sts/db", "-n", ns));
        Assert.Matches(@"(?m)^statefulsets\s+sts\s+apps/v1\s+true\s+StatefulSet$", await _kubectl.OkAsync("api-resources"));
    }

    [Fact]
    public async Task LabelAnnotateTaintCordonUncordon_PatchTheObjects()
    {
        var ns = await NamespaceAsync("meta");
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "tagged")], ApplyMode.Apply);
        var node = "small-3";

        Assert.Equal("pod/tagged labeled\n", await _kubectl.OkAsync("label", "pod", "tagged", "tier=web", "-n", ns));
        Assert.Equal("pod/tagged annotated\n", await _kubectl.OkAsync("annotate", "pod", "tagged", "note=hello", "-n", ns));
        Assert.Equal("pod/tagged unlabeled\n", await _kubectl.OkAsync("label", "pod", "tagged", "tier-", "-n", ns));
        Assert.Equal($"node/{node} tainted\n", await _kubectl.OkAsync("taint", "node", node, "dedicated=db:NoSchedule"));
        Assert.Equal($"node/{node} cordoned\n", await _kubectl.OkAsync("cordon", node));
        var cordoned = (Node)(await cluster.Api.GetAsync("Node", null, node))!;
        Assert.Equal($"node/{node} uncordoned\n", await _kubectl.OkAsync("uncordon", node));
        Assert.Equal($"node/{node} untainted\n", await _kubectl.OkAsync("taint", "node", node, "dedicated=db:NoSchedule-"));

        var pod = await Helpers.GetPodAsync(cluster, ns, "tagged");
        var uncordoned = (Node)(await cluster.Api.GetAsync("Node", null, node))!;
        Assert.False(pod.Metadata.Labels?.ContainsKey("tier") ?? false);
        Assert.Equal("hello", pod.Metadata.Annotations!["note"]);
        Assert.True(cordoned.Spec!.Unschedulable);
        Assert.Contains(cordoned.Spec.Taints!, t => t.Key == "dedicated" && t.Value == "db");
        Assert.NotEqual(true, uncordoned.Spec?.Unschedulable);
        Assert.DoesNotContain(uncordoned.Spec?.Taints ?? [], t => t.Key == "dedicated");
    }

    [Fact]
    public async Task Logs_PrintTheSimulatedContainersLife()
    {
        var ns = await NamespaceAsync("logs");
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "talker")], ApplyMode.Apply);
        await cluster.AdvanceUntilAsync(async () => (await Helpers.GetPodAsync(cluster, ns, "talker")).Status?.Phase == PodPhase.Running, "the pod runs");

        var logs = await _kubectl.OkAsync("logs", "talker", "-n", ns);

        Assert.NotEmpty(logs.Trim());
        var (exit, _, error) = await _kubectl.RunAsync("logs", "talker", "-n", ns, "-c", "nope");
        Assert.Equal(1, exit);
        Assert.Equal("error: container nope is not valid for pod talker\n", error); // kubectl checks the pod it read first
    }

    [Fact]
    public async Task Delete_WaitsUntilThePodIsGone_AndForceDeletesAtOnce()
    {
        var ns = await NamespaceAsync("delete");
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "graceful"), Helpers.Pod(ns, "forced")], ApplyMode.Apply);
        await cluster.AdvanceUntilAsync(async () => (await Helpers.GetPodAsync(cluster, ns, "graceful")).Status?.Phase == PodPhase.Running, "the pod runs");

        using var deleting = _kubectl.Start(["delete", "pod", "graceful", "-n", ns]);
        // kubectl is another process: wait (real time) until its DELETE has arrived before simulated time moves on.
        await RealTime.UntilAsync(async () => await cluster.Api.GetAsync("Pod", ns, "graceful") is not { } pod || pod.Metadata.DeletionTimestamp is not null, "kubectl's delete reached the API");
        await cluster.AdvanceUntilAsync(async () => await cluster.Api.GetAsync("Pod", ns, "graceful") is null, "the pod is gone after its grace period");
        await deleting.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var forced = await _kubectl.RunAsync("delete", "pod", "forced", "-n", ns, "--grace-period=0", "--force");

        Assert.Equal(0, deleting.ExitCode);
        Assert.Equal("pod \"graceful\" deleted\n", await deleting.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken));
        Assert.Equal((0, "pod \"forced\" force deleted\n"), (forced.Exit, forced.Out));
        Assert.Contains("Immediate deletion does not wait for confirmation", forced.Err);
        Assert.Null(await cluster.Api.GetAsync("Pod", ns, "forced"));
    }

    [Fact]
    public async Task Delete_WithCascadeOrphan_KeepsTheReplicaSet_AndForeground_TakesItAlong()
    {
        var ns = await NamespaceAsync("cascade");
        await DeployAsync(ns, "orphaned", 1);
        await DeployAsync(ns, "foreground", 1);

        // kubectl waits until the object is gone, which takes the garbage collector (the leader's, on simulated time).
        using var orphaning = _kubectl.Start(["delete", "deploy", "orphaned", "-n", ns, "--cascade=orphan"]);
        await cluster.AdvanceUntilAsync(async () => await DeploymentAsync(ns, "orphaned") is null, "the orphaning deletion ends");
        await orphaning.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.Equal("deployment.apps \"orphaned\" deleted\n", await orphaning.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken));
        using var foreground = _kubectl.Start(["delete", "deploy", "foreground", "-n", ns, "--cascade=foreground"]);
        await cluster.AdvanceUntilAsync(async () => await DeploymentAsync(ns, "foreground") is null, "the foreground deletion ends");
        await foreground.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        var replicaSets = (await cluster.Api.ListAsync(new ListQuery("ReplicaSet", ns))).Cast<ReplicaSet>().ToList();
        var orphan = Assert.Single(replicaSets);
        Assert.StartsWith("orphaned-", orphan.Metadata.Name);
        Assert.Empty(orphan.Metadata.OwnerReferences ?? []);
        Assert.Equal(0, foreground.ExitCode);
    }

    [Fact]
    public async Task Drain_EvictsTheNodesPods_IgnoringDaemonSets()
    {
        var ns = await NamespaceAsync("drain");

        // Placed by the scheduler, wherever the class's other tests left room (a pod pinned to a full node is refused); the
        // drain takes only this test's pod (--pod-selector): the node may hold other tests' pods, one behind a budget.
        var evicted = Helpers.Pod(ns, "evicted");
        evicted.Metadata.Labels = new() { ["drained-by"] = ns };
        await cluster.Api.ApplyAsync([evicted], ApplyMode.Apply);
        await cluster.AdvanceUntilAsync(async () => (await Helpers.GetPodAsync(cluster, ns, "evicted")).Status?.Phase == PodPhase.Running, "the pod runs");
        var node = (await Helpers.GetPodAsync(cluster, ns, "evicted")).Spec.NodeName!;

        using var draining = _kubectl.Start(["drain", node, "--ignore-daemonsets", "--force", $"--pod-selector=drained-by={ns}"]);
        await cluster.AdvanceUntilAsync(async () => await cluster.Api.GetAsync("Pod", ns, "evicted") is null, "the evicted pod is gone");
        await draining.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken);
        var output = await draining.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await _kubectl.OkAsync("uncordon", node);

        Assert.True(draining.ExitCode == 0, output + await draining.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
        Assert.Contains($"node/{node} cordoned", output);
        Assert.Contains($"pod/evicted evicted", output);
        Assert.Contains($"node/{node} drained", output);
    }

    [Fact]
    public async Task Drain_PodHeldByADisruptionBudget_KubectlRetriesThe429_UntilItsTimeout()
    {
        var ns = await NamespaceAsync("drain-pdb");
        await _kubectl.OkWithInputAsync(["apply", "-f", "-"], DeploymentYaml(ns, "held", 1));
        await _kubectl.OkWithInputAsync(["apply", "-f", "-"], $"apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: held-pdb\n  namespace: {ns}\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: {{app: held}}\n");
        await AvailableAsync(ns, "held", 1);
        await cluster.SettleAsync();
        var pod = (Pod)Assert.Single(await cluster.Api.ListAsync(new ListQuery("pods", ns, "app=held")));

        var table = await _kubectl.OkAsync("get", "pdb", "-n", ns);
        // The eviction is refused at once (no simulated time needs to pass); kubectl waits 5 s of its own before giving up.
        // Only this test's pods: the class's other tests leave theirs (unmanaged ones among them) on the nodes.
        var drain = await _kubectl.RunAsync("drain", pod.Spec.NodeName!, "--ignore-daemonsets", "--pod-selector=app=held", "--timeout=2s");
        await _kubectl.OkAsync("uncordon", pod.Spec.NodeName!);

        Assert.Matches(@"^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE\nheld-pdb\s+1\s+N/A\s+0\s+\d+s\n$", table);
        Assert.Equal(1, drain.Exit);
        Assert.Contains($"evicting pod {ns}/{pod.Metadata.Name}", drain.Out);
        Assert.Contains($"error when evicting pods/\"{pod.Metadata.Name}\" -n \"{ns}\" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.", drain.Err);
        Assert.Null((await Helpers.GetPodAsync(cluster, ns, pod.Metadata.Name!)).Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task BadInput_GetsErrorFromServer_AsFromARealCluster()
    {
        var ns = await NamespaceAsync("errors");

        var missing = await _kubectl.RunAsync("get", "pod", "nope", "-n", ns);
        var invalid = await _kubectl.RunAsync(["apply", "-f", "-"], $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n  namespace: {ns}\n");
        var unknown = await _kubectl.RunAsync(["apply", "-f", "-"], $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n  namespace: {ns}\nspec:\n  foo: 1\n");

        Assert.Equal((1, $"Error from server (NotFound): pods \"nope\" not found\n"), (missing.Exit, missing.Err));
        Assert.Equal(1, invalid.Exit);
        Assert.StartsWith("The ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\"", invalid.Err);
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("unknown field \"spec\"", unknown.Err);
    }
}
