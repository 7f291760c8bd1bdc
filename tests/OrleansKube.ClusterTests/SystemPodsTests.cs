using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Grains.ControlPlane;
using OrleansKube.Grains.Hosting;

namespace OrleansKube.ClusterTests;

/// <summary>A cluster that shows its control plane in kube-system, as the silo's command line starts it.</summary>
public sealed class SystemPodsFixture : ClusterFixture
{
    protected override void Configure(OrleansKubeOptions options) => options.SystemPods = true;
}

/// <summary>
/// kube-system as a kubeadm cluster shows it: the silo's control-plane mirror pods (Running, with logs of what the silo's
/// control plane did), CoreDNS behind the kube-dns Service, and a kube-proxy pod on every node; the leases' holder names
/// the leader's pods.
/// </summary>
public sealed class SystemPodsTests(SystemPodsFixture cluster) : IClassFixture<SystemPodsFixture>
{
    private async Task<List<Pod>> SystemPodsAsync() =>
        [.. (await cluster.Api.ListAsync(new ListQuery("pods", "kube-system"))).Cast<Pod>()];

    [Fact]
    public async Task KubeSystem_ShowsTheControlPlane_CoreDns_AndKubeProxyOnEveryNode()
    {
        var node = cluster.SiloServices.GetRequiredService<ControlPlanePods>().NodeName;
        Assert.Matches(@"^silo-127-0-0-1-\d+$", node);

        // CoreDNS's and kube-proxy's images are pulled first (they are not on the nodes).
        await cluster.AdvanceUntilAsync(
            async () => (await SystemPodsAsync()).Count(p => p.Status?.Phase == PodPhase.Running && p.Status.ContainerStatuses?.All(c => c.Ready) == true) == 4 + 2 + 3,
            "every kube-system pod runs and is ready");

        var pods = await SystemPodsAsync();
        Assert.Equal(
            [$"etcd-{node}", $"kube-apiserver-{node}", $"kube-controller-manager-{node}", $"kube-scheduler-{node}"],
            pods.Where(p => p.Metadata.Labels?.GetValueOrDefault("tier") == "control-plane").Select(p => p.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.All(pods.Where(p => p.Metadata.Labels?.ContainsKey("component") == true), p => Assert.Equal((node, "127.0.0.1"), (p.Spec.NodeName, p.Status!.PodIP)));

        var dns = pods.Where(p => p.Metadata.Labels?.GetValueOrDefault("k8s-app") == "kube-dns").ToList();
        Assert.Equal(2, dns.Count);
        Assert.All(dns, p => Assert.Matches("^coredns-[a-z0-9]+-[a-z0-9]{5}$", p.Metadata.Name!));
        var proxies = pods.Where(p => p.Metadata.Labels?.GetValueOrDefault("k8s-app") == "kube-proxy").ToList();
        var nodes = (await cluster.Api.ListAsync(new ListQuery("nodes", null))).Select(n => n.Metadata.Name).Order(StringComparer.Ordinal);
        Assert.Equal(nodes, proxies.Select(p => p.Spec.NodeName).Order(StringComparer.Ordinal));
        Assert.All(proxies, p => Assert.Equal(p.Status!.HostIP, p.Status.PodIP)); // on the host network
        Assert.All(dns, p => Assert.StartsWith("10.128.", p.Status!.PodIP, StringComparison.Ordinal));

        var service = (Service)(await cluster.Api.ListAsync(new ListQuery("services", "kube-system"))).Single(s => s.Metadata.Name == "kube-dns");
        Assert.Equal("10.96.0.10", service.Spec!.ClusterIP);

        var get = await Helpers.OkctlAsync(cluster, "get", "pods", "-n", "kube-system");
        Assert.Equal(0, get.Exit);
        Assert.Matches(new Regex($@"^kube-scheduler-{node}\s+1/1\s+Running\s+0\s+\S+$", RegexOptions.Multiline), get.Out);
        Assert.Matches(new Regex(@"^kube-proxy-[a-z0-9]{5}\s+1/1\s+Running\s+0\s+\S+$", RegexOptions.Multiline), get.Out);
    }

    [Fact]
    public async Task LeasesNameTheLeadersPods_AndTheirLogsSayWhatTheControlPlaneDid()
    {
        var node = cluster.SiloServices.GetRequiredService<ControlPlanePods>().NodeName;
        await cluster.HoldsAsync(
            async () => (await cluster.Api.ListAsync(new ListQuery("leases", "kube-system"))).Cast<Model.Coordination.Lease>().Count(l => l.Spec?.HolderIdentity is not null) == 2,
            "both leases are held");

        foreach (var lease in (await cluster.Api.ListAsync(new ListQuery("leases", "kube-system"))).Cast<Model.Coordination.Lease>())
        {
            Assert.StartsWith(node + "_", lease.Spec!.HolderIdentity, StringComparison.Ordinal);
        }

        var scheduler = await cluster.Api.GetLogAsync("kube-system", $"kube-scheduler-{node}");
        Assert.Matches(@"(?m)^I\d{4} \d{2}:\d{2}:\d{2}\.\d{6}       1 leaderelection\.go:257\] attempting to acquire leader lease kube-system/kube-scheduler\.\.\.$", scheduler);
        Assert.Contains("leaderelection.go:271] successfully acquired lease kube-system/kube-scheduler", scheduler, StringComparison.Ordinal);
        Assert.Contains("\"Scheduler profile sharded\" profile=\"default-scheduler\" shards=1", scheduler, StringComparison.Ordinal);
        Assert.Contains("\"Leading scheduler shards\" shards=1", scheduler, StringComparison.Ordinal);

        var controllerManager = await cluster.Api.GetLogAsync("kube-system", $"kube-controller-manager-{node}");
        Assert.Contains("successfully acquired lease kube-system/kube-controller-manager", controllerManager, StringComparison.Ordinal);
        Assert.DoesNotContain("kube-scheduler", controllerManager, StringComparison.Ordinal);

        var etcd = await cluster.Api.GetLogAsync("kube-system", $"etcd-{node}");
        Assert.Contains("objects are kept in grain memory only", etcd, StringComparison.Ordinal);

        // --tail as for any pod.
        Assert.Single(scheduler.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("successfully acquired", StringComparison.Ordinal));
        var tail = await cluster.Api.GetLogAsync("kube-system", $"kube-scheduler-{node}", tailLines: 1);
        Assert.Single(tail.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
