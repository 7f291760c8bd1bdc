using OrleansKube.Control.Services;

namespace OrleansKube.Tests.Workloads;

public class ServiceAllocatorTests
{
    private static Service Svc(ServiceType type = ServiceType.ClusterIP, string? clusterIp = null, params int?[] nodePorts) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "default" },
        Spec = new ServiceSpec
        {
            Type = type,
            ClusterIP = clusterIp,
            Ports = nodePorts.Length == 0 ? [new ServicePort { Port = 80 }] : [.. nodePorts.Select((p, i) => new ServicePort { Name = $"p{i}", Port = 80 + i, NodePort = p })],
        },
    };

    [Fact]
    public void Allocate_ClusterIp_FromTheRangeSkippingTheKubernetesServiceAddress()
    {
        var allocator = new ServiceAllocator();
        var first = Svc();
        var second = Svc();

        Assert.Empty(allocator.Allocate(first));
        Assert.Empty(allocator.Allocate(second));

        Assert.Equal(("10.96.0.2", "10.96.0.3"), (first.Spec!.ClusterIP, second.Spec!.ClusterIP));
        Assert.Equal(["10.96.0.2"], first.Spec.ClusterIPs!);
    }

    [Theory]
    [InlineData("10.96.0.1", "spec.clusterIPs: Invalid value: []string{\"10.96.0.1\"}: failed to allocate IP 10.96.0.1: provided IP is already allocated")]
    [InlineData("10.0.0.5", "spec.clusterIPs: Invalid value: []string{\"10.0.0.5\"}: failed to allocate IP 10.0.0.5: provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12")]
    [InlineData("10.111.255.255", "spec.clusterIPs: Invalid value: []string{\"10.111.255.255\"}: failed to allocate IP 10.111.255.255: provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12")]
    public void Allocate_RequestedClusterIp_RefusedAsUpstream(string ip, string error) =>
        Assert.Equal([error], new ServiceAllocator().Allocate(Svc(clusterIp: ip)));

    [Fact]
    public void Allocate_RequestedClusterIpInRange_IsHonouredOnceAndFreedOnRelease()
    {
        var allocator = new ServiceAllocator();
        var service = Svc(clusterIp: "10.100.0.10");
        Assert.Empty(allocator.Allocate(service));
        Assert.Single(allocator.Allocate(Svc(clusterIp: "10.100.0.10")));

        allocator.Release(service);

        Assert.Empty(allocator.Allocate(Svc(clusterIp: "10.100.0.10")));
    }

    [Fact]
    public void Allocate_ClusterIp_StatesTheSingleStackIpv4Family()
    {
        var service = Svc();

        Assert.Empty(new ServiceAllocator().Allocate(service));

        Assert.Equal(["IPv4"], service.Spec!.IpFamilies!);
        Assert.Equal("SingleStack", service.Spec.IpFamilyPolicy);
    }

    [Fact]
    public void Allocate_LoadBalancerNotAllocatingNodePorts_GetsOnlyThoseItNames()
    {
        var service = Svc(ServiceType.LoadBalancer, null, 30100, null);
        service.Spec!.AllocateLoadBalancerNodePorts = false;

        Assert.Empty(new ServiceAllocator().Allocate(service));

        Assert.Equal([30100, null], service.Spec.Ports!.Select(p => p.NodePort));
    }

    [Fact]
    public void Allocate_Headless_GetsNoAddress()
    {
        var service = Svc(clusterIp: "None");

        Assert.Empty(new ServiceAllocator().Allocate(service));
        Assert.Equal(("None", "None"), (service.Spec!.ClusterIP, service.Spec.ClusterIPs!.Single()));
    }

    [Fact]
    public void Allocate_NodePorts_FromTheRangeWithUpstreamErrorsAndNothingHalfAllocated()
    {
        var allocator = new ServiceAllocator();
        var first = Svc(ServiceType.NodePort, null, 30080, null);
        Assert.Empty(allocator.Allocate(first));
        Assert.Equal([30080, 30000], first.Spec!.Ports!.Select(p => p.NodePort!.Value));

        var clash = Svc(ServiceType.NodePort, null, 30080, 80);
        Assert.Equal(
            [
                "spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated",
                "spec.ports[1].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767",
            ],
            allocator.Allocate(clash));
        Assert.Null(clash.Spec!.ClusterIP);

        // The refused Service holds nothing: the address it was offered and the free port are still free.
        Assert.Empty(allocator.Allocate(Svc(clusterIp: "10.96.0.3")));
        Assert.Empty(allocator.Allocate(Svc(ServiceType.NodePort, null, 30001)));
    }

    [Fact]
    public void New_BadRange_IsRefused() =>
        Assert.Equal("invalid service CIDR \"10.96.0.0\": an IPv4 network of /8 to /30 is expected", Assert.Throws<FormatException>(() => new ServiceAllocator("10.96.0.0")).Message);

    [Fact]
    public void Restore_TakesWhatStoredServicesHold_SoNothingIsHandedOutTwice()
    {
        var before = new ServiceAllocator();
        var stored = new[] { Svc(ServiceType.NodePort), Svc(ServiceType.NodePort), Svc(clusterIp: "10.100.0.10") };
        Assert.All(stored, s => Assert.Empty(before.Allocate(s)));

        var restarted = new ServiceAllocator();
        restarted.Restore(stored);
        var fresh = Svc(ServiceType.NodePort);
        Assert.Empty(restarted.Allocate(fresh));

        Assert.DoesNotContain(fresh.Spec!.ClusterIP, stored.Select(s => s.Spec!.ClusterIP));
        Assert.DoesNotContain(fresh.Spec.Ports![0].NodePort, stored.SelectMany(s => s.Spec!.Ports!).Select(p => p.NodePort));
        Assert.Equal(
            ["spec.clusterIPs: Invalid value: []string{\"10.100.0.10\"}: failed to allocate IP 10.100.0.10: provided IP is already allocated"],
            restarted.Allocate(Svc(clusterIp: "10.100.0.10")));
        Assert.Equal(
            [$"spec.ports[0].nodePort: Invalid value: {stored[0].Spec!.Ports![0].NodePort}: provided port is already allocated"],
            restarted.Allocate(Svc(ServiceType.NodePort, null, stored[0].Spec!.Ports![0].NodePort)));
    }

    [Fact]
    public void Restore_HeadlessAndOutOfRangeValues_HoldNothing()
    {
        var allocator = new ServiceAllocator();
        allocator.Restore([Svc(clusterIp: "None"), Svc(clusterIp: "10.0.0.5"), Svc(ServiceType.NodePort, null, 80)]);
        var first = Svc(ServiceType.NodePort);

        Assert.Empty(allocator.Allocate(first));

        Assert.Equal(("10.96.0.2", 30000), (first.Spec!.ClusterIP, first.Spec.Ports![0].NodePort!.Value));
    }
}
