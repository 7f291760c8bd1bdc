using OrleansKube.Control.Scheduling.Configuration;
using OrleansKube.Manifests.Profiles;
using OrleansKube.Manifests.Reading;

namespace OrleansKube.ClusterTests;

/// <summary>
/// The manifests that run OrleansKube's silos on Kubernetes (<c>deploy/kubernetes/</c>), checked with the real kubectl:
/// each file passes client-side dry-run, and the folder applies cleanly to OrleansKube itself.
/// </summary>
public sealed class DeployManifestsTests(RoomyClusterFixture cluster) : IClassFixture<RoomyClusterFixture>, IDisposable
{
    private const string Namespace = "orleanskube";

    private static readonly string DeployDir = Path.Combine(AppContext.BaseDirectory, "deploy", "kubernetes");

    private readonly Kubectl _kubectl = new(cluster);

    public void Dispose() => _kubectl.Dispose();

    public sealed record DryRunCase(string File, string[] Printed)
    {
        public override string ToString() => File;
    }

    public static TheoryData<DryRunCase> Files() =>
    [
        new DryRunCase("00-namespace.yaml", ["namespace/orleanskube created (dry run)"]),
        new DryRunCase("10-rbac.yaml", ["serviceaccount/orleanskube created (dry run)", "role.rbac.authorization.k8s.io/orleanskube-silo created (dry run)", "rolebinding.rbac.authorization.k8s.io/orleanskube-silo created (dry run)"]),
        new DryRunCase("20-config.yaml", ["configmap/orleanskube-config created (dry run)"]),
        new DryRunCase("21-api-tokens.yaml", ["secret/orleanskube-api-tokens created (dry run)"]),
        new DryRunCase("30-redis.yaml", ["service/redis created (dry run)", "statefulset.apps/redis created (dry run)"]),
        new DryRunCase("40-silo.yaml", ["service/orleanskube-silo created (dry run)", "statefulset.apps/orleanskube created (dry run)", "poddisruptionbudget.policy/orleanskube created (dry run)"]),
        new DryRunCase("50-services.yaml", ["service/orleanskube-gateway created (dry run)", "service/orleanskube-api created (dry run)"]),
    ];

    [Fact]
    public void SiloEnvironment_EveryOkubeVariable_IsOneTheSiloReads()
    {
        var options = new Silo.SiloOptions();
        var read = typeof(Silo.SiloOptions).GetProperties()
            .Select(p => (p.GetValue(options) as System.CommandLine.Option)?.Description ?? "")
            .SelectMany(d => System.Text.RegularExpressions.Regex.Matches(d, @"\[env (OKUBE_[A-Z_]+)\]").Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        var named = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Path.Combine(DeployDir, "40-silo.yaml")), @"name: (OKUBE_[A-Z_]+)")
            .Select(m => m.Groups[1].Value).ToList();

        Assert.Contains("OKUBE_KUBERNETES_HOSTING", named);
        Assert.All(named, name => Assert.Contains(name, read));
    }

    [Fact]
    public void Files_ListEveryManifestInTheFolder()
    {
        var listed = Files().Select(row => row.Data.File).Order(StringComparer.Ordinal);

        Assert.Equal(Directory.GetFiles(DeployDir, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal), listed);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task ApplyDryRunClient_EachFile_PassesAndStoresNothing(DryRunCase file)
    {
        var printed = await _kubectl.OkAsync("apply", "--dry-run=client", "-f", Path.Combine(DeployDir, file.File));

        Assert.Equal(string.Join('\n', file.Printed) + "\n", printed);
        Assert.DoesNotContain(await cluster.Api.ListAsync(new ListQuery("Namespace", null)), n => n.Metadata.Name == Namespace);
    }

    [Fact]
    public void ConfigMap_ProfileAndSchedulerConfiguration_ReadAsTheSiloReadsThem()
    {
        var config = ManifestReader.ReadPath(Path.Combine(DeployDir, "20-config.yaml")).Select(d => d.Object).OfType<ConfigMap>().Single();
        var profileFile = Path.Combine(Directory.CreateTempSubdirectory("okube-deploy-").FullName, "profile.yaml");
        File.WriteAllText(profileFile, config.Data!["profile.yaml"]);

        var profile = ClusterProfile.Load(profileFile);
        var scheduler = SchedulerConfiguration.Parse(config.Data["scheduler.yaml"], "scheduler.yaml");

        Assert.Equal(["general", "gpu"], profile.Pools.Select(p => p.Name));
        Assert.Equal("default-scheduler", Assert.Single(scheduler.Profiles!).SchedulerName);
        Directory.Delete(Path.GetDirectoryName(profileFile)!, recursive: true);
    }

    [Fact]
    public async Task ApplyFolder_ToOrleansKube_CreatesEverything_SilosAndRedisRun_ServicesGetClusterIps()
    {
        try
        {
            await ApplyAndCheckAsync();
        }
        finally
        {
            // The manifests' namespace is fixed: gone again, so the dry-run cases see a cluster without it in any order.
            await _kubectl.RunAsync("delete", "namespace", Namespace, "--ignore-not-found", "--wait=false");
            await cluster.AdvanceUntilAsync(async () => (await cluster.Api.ListAsync(new ListQuery("Namespace", null))).All(n => n.Metadata.Name != Namespace), "the namespace is gone", TimeSpan.FromMinutes(5));
        }
    }

    private async Task ApplyAndCheckAsync()
    {
        var applied = await _kubectl.OkAsync("apply", "-f", DeployDir);

        Assert.Equal(
            string.Join('\n',
                "namespace/orleanskube created",
                "serviceaccount/orleanskube created", "role.rbac.authorization.k8s.io/orleanskube-silo created", "rolebinding.rbac.authorization.k8s.io/orleanskube-silo created",
                "configmap/orleanskube-config created", "secret/orleanskube-api-tokens created",
                "service/redis created", "statefulset.apps/redis created",
                "service/orleanskube-silo created", "statefulset.apps/orleanskube created", "poddisruptionbudget.policy/orleanskube created",
                "service/orleanskube-gateway created", "service/orleanskube-api created") + "\n",
            applied);

        async Task<List<Pod>> PodsAsync() => [.. (await cluster.Api.ListAsync(new ListQuery("pods", Namespace))).Cast<Pod>()];
        static bool RunningAndReady(Pod p) => p.Status?.Phase == PodPhase.Running && p.Status.ContainerStatuses?.All(c => c.Ready) == true;
        await cluster.AdvanceUntilAsync(async () => await PodsAsync() is { Count: 4 } pods && pods.All(RunningAndReady), "three silos and Redis run and are ready", TimeSpan.FromMinutes(5));

        Assert.Equal(["orleanskube-0", "orleanskube-1", "orleanskube-2", "redis-0"], (await PodsAsync()).Select(p => p.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.Matches(@"(?m)^orleanskube\s+3/3\s", await _kubectl.OkAsync("get", "statefulset", "orleanskube", "-n", Namespace));
        Assert.Matches(@"(?m)^redis\s+1/1\s", await _kubectl.OkAsync("get", "statefulset", "redis", "-n", Namespace));
        Assert.Matches(@"(?m)^data-redis-0\s+Bound\s", await _kubectl.OkAsync("get", "pvc", "-n", Namespace));

        // Every Service but the silos' headless one gets a ClusterIP; the silos' names resolve through the headless one.
        var services = await _kubectl.OkAsync("get", "services", "-n", Namespace, "-o", "custom-columns=NAME:.metadata.name,CLUSTER-IP:.spec.clusterIP", "--no-headers");
        Assert.Matches(@"(?m)^orleanskube-api\s+\d+\.\d+\.\d+\.\d+$", services);
        Assert.Matches(@"(?m)^orleanskube-gateway\s+\d+\.\d+\.\d+\.\d+$", services);
        Assert.Matches(@"(?m)^redis\s+\d+\.\d+\.\d+\.\d+$", services);
        Assert.Matches(@"(?m)^orleanskube-silo\s+None$", services);

        // The gateway and API Services reach every silo (the kubelet's readiness probe of /readyz passed).
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.Matches(@"(?m)^orleanskube-gateway\s+\S+:30000,\S+:30000,\S+:30000\s", await _kubectl.OkAsync("get", "endpoints", "orleanskube-gateway", "-n", Namespace));
        Assert.Matches(@"(?m)^orleanskube-api\s+\S+:6443,\S+:6443,\S+:6443\s", await _kubectl.OkAsync("get", "endpoints", "orleanskube-api", "-n", Namespace));

        // Applying again changes nothing. kubectl itself sends a patch (and says "configured") for three objects, as it does
        // against a real cluster: a Secret's stringData (the live object holds data), a selector whose patch strategy is
        // replace (the budget's), and claim templates, which the server returns defaulted (volumeMode, status).
        var again = (await _kubectl.OkAsync("apply", "-f", DeployDir)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            ["secret/orleanskube-api-tokens configured", "statefulset.apps/redis configured", "poddisruptionbudget.policy/orleanskube configured"],
            again.Where(line => !line.EndsWith(" unchanged", StringComparison.Ordinal)));
        Assert.Equal(13, again.Length);
    }
}
