using System.Net;
using OrleansKube.Manifests.ControlPlane;

namespace OrleansKube.Tests.Manifests;

/// <summary>The kube-system objects a cluster shows: each silo's mirror pods, and the CoreDNS and kube-proxy add-ons.</summary>
public class ControlPlaneManifestsTests
{
    private static readonly DateTimeOffset Seen = new(2026, 12, 4, 21, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("127.0.0.1", 11111, "silo-127-0-0-1-11111")]
    [InlineData("10.0.0.2", 11112, "silo-10-0-0-2-11112")]
    [InlineData("::1", 11111, "silo-1-11111")]
    public void NodeName_IsADnsLabelFromTheSilosAddress(string ip, int port, string expected) =>
        Assert.Equal(expected, ControlPlaneManifests.NodeName(new IPEndPoint(IPAddress.Parse(ip), port)));

    [Fact]
    public void MirrorPods_AreKubeadmsFour_OnTheSilosNode_AsAKubeletMirrorsThem()
    {
        var pods = ControlPlaneManifests.MirrorPods("silo-127-0-0-1-11111", "127.0.0.1", "10.96.0.0/12", Seen);

        Assert.Equal(
            ["etcd-silo-127-0-0-1-11111", "kube-apiserver-silo-127-0-0-1-11111", "kube-controller-manager-silo-127-0-0-1-11111", "kube-scheduler-silo-127-0-0-1-11111"],
            pods.Select(p => p.Metadata.Name));
        foreach (var pod in pods)
        {
            Assert.Equal("kube-system", pod.Metadata.Namespace);
            Assert.Equal("silo-127-0-0-1-11111", pod.Spec.NodeName);
            Assert.Equal("control-plane", pod.Metadata.Labels!["tier"]);
            Assert.Equal(pod.Metadata.Annotations!["kubernetes.io/config.hash"], pod.Metadata.Annotations["kubernetes.io/config.mirror"]);
            Assert.Equal("file", pod.Metadata.Annotations["kubernetes.io/config.source"]);
            Assert.Equal("system-node-critical", pod.Spec.PriorityClassName);
            Assert.True(pod.Spec.HostNetwork);
        }

        Assert.Contains("--service-cluster-ip-range=10.96.0.0/12", pods[1].Spec.Containers[0].Command!);
        Assert.Equal("registry.k8s.io/kube-scheduler:v1.32.0", pods[3].Spec.Containers[0].Image);

        var status = ControlPlaneManifests.RunningStatus(pods[3], "127.0.0.1", Seen.AddMilliseconds(1500));
        Assert.Equal(PodPhase.Running, status.Phase);
        Assert.Equal(("127.0.0.1", "127.0.0.1"), (status.HostIP, status.PodIP));
        Assert.True(status.ContainerStatuses![0].Ready);
        Assert.Equal(Seen.AddSeconds(1), status.ContainerStatuses[0].State!.Running!.StartedAt);
        Assert.All(status.Conditions!, c => Assert.Equal(ConditionStatus.True, c.Status));
    }

    [Theory]
    [InlineData("10.96.0.0/12", "10.96.0.10")]
    [InlineData("172.20.0.0/16", "172.20.0.10")]
    [InlineData("fd00::/108", null)]
    public void DnsService_TakesTheTenthAddressOfTheServiceRange_AsKubeadm(string cidr, string? expected)
    {
        Assert.Equal(expected, ControlPlaneManifests.DnsServiceIP(cidr));
        var service = ControlPlaneManifests.Addons(cidr).OfType<Service>().Single();
        Assert.Equal(("kube-dns", expected), (service.Metadata.Name, service.Spec!.ClusterIP));
    }

    [Fact]
    public void Addons_AreCoreDnsAndKubeProxy_WithTheConfigMapsTheyMount()
    {
        var addons = ControlPlaneManifests.Addons("10.96.0.0/12");

        Assert.Equal(
            ["ServiceAccount/coredns", "ServiceAccount/kube-proxy", "ConfigMap/coredns", "Deployment/coredns", "Service/kube-dns", "ConfigMap/kube-proxy", "DaemonSet/kube-proxy"],
            addons.Select(o => $"{Kinds.Of(o).Kind}/{o.Metadata.Name}"));
        Assert.All(addons, o => Assert.Equal("kube-system", o.Metadata.Namespace));
        var coredns = addons.OfType<Deployment>().Single();
        Assert.Equal(2, coredns.Spec!.Replicas);
        Assert.Equal("coredns", coredns.Spec.Template!.Spec!.Volumes![0].ConfigMap!.Name);
        var proxy = addons.OfType<DaemonSet>().Single();
        Assert.Equal("kube-proxy", proxy.Spec!.Template!.Spec!.Volumes![0].ConfigMap!.Name);
        Assert.Equal("system-node-critical", proxy.Spec.Template.Spec.PriorityClassName);
    }

    [Fact]
    public void KlogLine_IsTheComponentsFormat() =>
        Assert.Equal(
            "I1204 21:00:00.250000       1 leaderelection.go:271] successfully acquired lease kube-system/kube-scheduler",
            ControlPlaneManifests.KlogLine('I', Seen.AddMilliseconds(250), "leaderelection.go:271", "successfully acquired lease kube-system/kube-scheduler"));
}
