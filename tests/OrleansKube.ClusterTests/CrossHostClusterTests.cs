using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansKube.ClusterTests;

/// <summary>
/// Silos on three "hosts" — network namespaces with addresses of their own on a bridge, the test's Redis on the
/// bridge — each listening on and advertising its own address, as silos on separate machines do.
/// </summary>
public sealed partial class CrossHostClusterTests
{
    private const int Replicas = 24;

    [Fact]
    public async Task SilosOnThreeAddresses_FormOneCluster_RunADeployment_AndAKilledSiloLosesNoObject()
    {
        using var network = NetworkNamespaces.TryCreate(3, out var reason);
        if (network is null)
        {
            Assert.Skip($"cannot make network namespaces on this machine, so silos cannot be given addresses of their own: {reason}");
        }

        TestContext.Current.SendDiagnosticMessage($"network: {network}");
        await using var redis = await RedisServer.StartAsync(appendOnly: true, address: network.Bridge);
        var silos = new List<SiloProcess>();
        try
        {
            for (var i = 0; i < network.Hosts.Count; i++)
            {
                silos.Add(SiloProcess.StartIn(network, i, redis.Configuration));
            }

            foreach (var silo in silos)
            {
                await silo.ServesAsync(120);
            }

            // One cluster: each silo's control-plane pods are named after the address it advertises, and every gateway shows all three.
            var apiServers = network.Hosts.Select(h => $"kube-apiserver-silo-{h.Address.ToString().Replace('.', '-')}-11111").ToList();
            foreach (var silo in silos)
            {
                await RealTime.UntilAsync(
                    async () => apiServers.All((await silo.OkctlAsync("get", "pods", "-n", "kube-system")).Out.Contains),
                    () => $"{silo.Server} lists every silo's kube-apiserver ({string.Join(", ", apiServers)})", seconds: 120);
            }

            var manifest = Path.Combine(Directory.CreateTempSubdirectory("okube-hosts-").FullName, "spread.yaml");
            await File.WriteAllTextAsync(manifest, Manifest, TestContext.Current.CancellationToken);
            var (first, last) = (silos[0], silos[^1]);
            var applied = await first.OkctlAsync("apply", "-f", manifest);
            Assert.True(applied.Exit == 0, applied.Err);
            await RealTime.UntilAsync(async () => Running(await first.OkctlAsync("get", "pods", "-n", "spread")) == Replicas, () => $"{Replicas} pods run", seconds: 120);

            // Each running pod lives on exactly one silo (no second activation across addresses): the silos' okube_pods
            // gauges (each counts the pod grains it holds) add up to the cluster's running pods, once no pod is changing.
            var held = new List<int>();
            var running = 0;
            await RealTime.UntilAsync(
                async () =>
                {
                    held.Clear();
                    foreach (var silo in silos)
                    {
                        held.Add(RunningPods(await silo.ScrapeAsync()));
                    }

                    running = Running(await first.OkctlAsync("get", "pods", "-A"));
                    return running >= Replicas && held.Sum() == running;
                },
                () => $"the silos hold each running pod once: {string.Join(" + ", held)} held, {running} running");
            TestContext.Current.SendDiagnosticMessage($"running pods held per silo: {string.Join(", ", held)} of {running}");

            var before = (await first.OkctlAsync("get", "pods,configmaps,deployments,replicasets", "-n", "spread", "-o", "name")).Out;
            await last.KillAsync();

            // Nothing lost: the same objects through a surviving gateway, every pod Running again on a re-hosted kubelet,
            // and the dead silo's mirror pods gone (the controller-manager's leader deletes them).
            await RealTime.UntilAsync(
                async () => !(await first.OkctlAsync("get", "pods", "-n", "kube-system")).Out.Contains(apiServers[^1], StringComparison.Ordinal),
                () => $"the killed silo's mirror pods are deleted: {first.Output}", seconds: 180);
            await RealTime.UntilAsync(async () => Running(await first.OkctlAsync("get", "pods", "-n", "spread")) == Replicas, () => $"{Replicas} pods run after the kill", seconds: 120);
            var after = (await first.OkctlAsync("get", "pods,configmaps,deployments,replicasets", "-n", "spread", "-o", "name")).Out;
            Assert.Equal(Sorted(before), Sorted(after));
            Assert.Contains(apiServers[0], (await silos[1].OkctlAsync("get", "pods", "-n", "kube-system")).Out, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static int Running((int Exit, string Out, string Err) pods) =>
        pods.Exit != 0 ? -1 : pods.Out.Split('\n').Count(l => l.Contains(" Running ", StringComparison.Ordinal));

    private static int RunningPods(string scrape) =>
        RunningGauge().Matches(scrape).Sum(m => (int)double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    private static List<string> Sorted(string lines) => [.. lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];

    [GeneratedRegex("""^okube_pods\{[^}]*phase="Running"[^}]*\} (\S+)""", RegexOptions.Multiline)]
    private static partial Regex RunningGauge();

    private const string Manifest = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: spread
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: spread
        data:
          mode: cross-host
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: spread
        spec:
          replicas: 24
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: nginx:1.27
                resources:
                  requests: {cpu: 50m, memory: 32Mi}
        """;
}
