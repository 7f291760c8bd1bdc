using OrleansKube.Model.Resources;

namespace OrleansKube.ClusterTests;

internal static class Helpers
{
    /// <summary>Gives a silo <paramref name="partitions"/> watch caches per namespaced kind (<c>--watch-cache-partitions</c>).</summary>
    public static void PartitionWatchCaches(ISiloBuilder silo, int partitions) =>
        Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions.Configure<Grains.Watching.WatchCacheOptions>(silo.Services, o => o.Partitions = partitions);

    /// <summary>How a silo's leader election identity starts: its control-plane node's name, then <c>_</c>.</summary>
    public static string LeaderIdentityPrefix(Orleans.TestingHost.SiloHandle silo) =>
        Manifests.ControlPlane.ControlPlaneManifests.NodeName(silo.SiloAddress.Endpoint) + "_";

    /// <summary>How many activations of each grain type a silo holds now.</summary>
    public static async Task<List<(string Type, int Count)>> ActivationsOnAsync(IGrainFactory grains, SiloAddress silo, params Type[] types)
    {
        var stats = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(types: null, hostsIds: [silo], cancellationToken: TestContext.Current.CancellationToken);
        // A statistic names its type as "full name,assembly".
        return [.. types.Select(t => (t.FullName!, stats.Count(s => s.GrainType.Split(',')[0] == t.FullName)))];
    }

    /// <summary>A loopback port nobody listens on now (for a test's own servers and endpoints).</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts a server the tests need from a Debian package (<c>.ci/run</c> installs it), its output drained.</summary>
    public static System.Diagnostics.Process StartServer(string program, string package, IEnumerable<string> arguments)
    {
        try
        {
            var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(program, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{program} is not installed: apt-get install {package} (.ci/run installs it)", e);
        }
    }

    /// <summary>Kills a server started by <see cref="StartServer"/> and waits for it.</summary>
    public static async Task StopServerAsync(System.Diagnostics.Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    public static async Task<string> CreateNamespaceAsync(ClusterFixture cluster, string prefix)
    {
        var name = cluster.UniqueName(prefix);
        await cluster.Api.ApplyAsync([new Namespace { Metadata = new ObjectMeta { Name = name } }], ApplyMode.Apply);
        return name;
    }

    /// <summary>The images the tests' pods and examples use: on every test node already, so pods start without a pull unless a test wants one.</summary>
    public static List<string> PrePulledImages => ["nginx:1.27", "nginx", "busybox:1.36", "busybox", "registry.k8s.io/pause:3.10", "ghcr.io/example/api:v2"];

    public static Pod Pod(string ns, string name, string cpu = "100m", string memory = "64Mi", string? nodeName = null, Dictionary<string, string>? nodeSelector = null, Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = labels },
        Spec = new PodSpec
        {
            NodeName = nodeName,
            NodeSelector = nodeSelector,
            Containers =
            [
                new Container
                {
                    Name = "app",
                    Image = "nginx:1.27",
                    Resources = new ResourceRequirements { Requests = new() { ["cpu"] = Quantity.Parse(cpu), ["memory"] = Quantity.Parse(memory) } },
                },
            ],
        },
    };

    /// <summary>Runs okctl in-process against the test silo, with the fixture's clock; returns its exit code and output.</summary>
    public static Task<(int Exit, string Out, string Err)> OkctlAsync(ClusterFixture cluster, params string[] args) => OkctlAsync(cluster, new StringWriter(), args);

    /// <summary>Runs okctl as <see cref="OkctlAsync(ClusterFixture, string[])"/>, its stderr into <paramref name="error"/> (which a test may watch as it runs).</summary>
    public static async Task<(int Exit, string Out, string Err)> OkctlAsync(ClusterFixture cluster, StringWriter error, params string[] args)
    {
        var output = new StringWriter();
        var context = new Cli.OkctlContext(output, error, new StringReader(""), cluster.Time, (_, _) => Task.FromResult(cluster.Client));
        var exit = await Cli.Okctl.RunAsync(args, context);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>How many lines a writer okctl is still writing to holds so far (0 when caught mid-write: it only grows, so ask again).</summary>
    public static int LinesSoFar(StringWriter writer)
    {
        try
        {
            return writer.GetStringBuilder().ToString().Count(c => c == '\n');
        }
        catch (ArgumentException)
        {
            return 0;
        }
    }

    public static async Task<Pod> GetPodAsync(ClusterFixture cluster, string ns, string name) =>
        (Pod)(await cluster.Api.GetAsync("Pod", ns, name) ?? throw new InvalidOperationException($"pod {ns}/{name} not found"));

    /// <summary>Once the silo has settled (no simulated time passes), the pod is in the expected state; returns it.</summary>
    public static async Task<Pod> SettledPodAsync(ClusterFixture cluster, string ns, string name, Func<Pod, bool> condition)
    {
        Pod? pod = null;
        await cluster.HoldsAsync(
            async () => (pod = (Pod?)await cluster.Api.GetAsync("Pod", ns, name)) is { } p && condition(p),
            () => $"pod {ns}/{name} is in the expected state; it is: {(pod is null ? "missing" : Model.Serialization.KubeJson.Serialize(pod))}");
        return pod!;
    }

    /// <summary>A pod waiting in its backoff: simulated time passes, one due instant at a time, until it is placed.</summary>
    public static async Task<Pod> AdvanceUntilPlacedAsync(ClusterFixture cluster, string ns, string name)
    {
        Pod? pod = null;
        await cluster.AdvanceUntilAsync(async () => (pod = await GetPodAsync(cluster, ns, name)).Spec.NodeName is not null, $"pod {ns}/{name} is placed", Control.Scheduling.Queue.SchedulingQueue.MaxBackoff);
        return pod!;
    }

    /// <summary>Events are recorded one-way: once the silo has settled, the object's events satisfy <paramref name="condition"/>; returns them.</summary>
    public static async Task<List<Event>> SettledEventsAsync(ClusterFixture cluster, string ns, string name, Func<List<Event>, bool> condition)
    {
        List<Event> events = [];
        await cluster.HoldsAsync(async () => condition(events = await EventsForAsync(cluster, ns, name)), () => $"events of {ns}/{name} as expected; they are: {string.Join("; ", events.Select(e => $"{e.Reason}: {e.Message}"))}");
        return events;
    }

    public static async Task<List<Event>> EventsForAsync(ClusterFixture cluster, string ns, string name) =>
        [.. (await cluster.Api.ListAsync(new ListQuery("Event", ns, FieldSelector: $"involvedObject.name={name}"))).Cast<Event>()];

    /// <summary>Applies a Node manifest (its kubelet starts with it) with room for <paramref name="cpu"/>.</summary>
    public static async Task<string> CreateNodeAsync(ClusterFixture cluster, string prefix, string cpu)
    {
        var name = cluster.UniqueName(prefix);
        await cluster.Api.ApplyAsync(
        [
            new Node
            {
                Metadata = new ObjectMeta { Name = name, Labels = new() { ["test-node"] = name } },
                Status = new NodeStatus
                {
                    Capacity = new() { ["cpu"] = Quantity.Parse(cpu), ["memory"] = Quantity.Parse("4Gi"), ["pods"] = Quantity.Parse("10") },
                    Images = [.. PrePulledImages.Select(i => new ContainerImage { Names = [i], SizeBytes = 50_000_000 })],
                },
            },
        ], ApplyMode.Apply);
        return name;
    }
}
