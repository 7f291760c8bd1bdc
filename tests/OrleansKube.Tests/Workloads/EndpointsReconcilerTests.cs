using OrleansKube.Control.Services;

namespace OrleansKube.Tests.Workloads;

public class EndpointsReconcilerTests
{
    private static Service Svc(string? clusterIp = null) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "default", Labels = new() { ["team"] = "a" } },
        Spec = new ServiceSpec
        {
            ClusterIP = clusterIp,
            Selector = new() { ["app"] = "web" },
            Ports = [new ServicePort { Name = "http", Port = 80, TargetPort = IntOrString.FromString("http"), Protocol = Protocol.TCP }],
        },
    };

    private static Pod Pod(string name, string? ip, bool ready, int? httpPort = 8080, PodPhase phase = PodPhase.Running, bool deleting = false) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "default", Uid = "uid-" + name, DeletionTimestamp = deleting ? DateTimeOffset.UnixEpoch : null },
        Spec = new PodSpec { NodeName = "n1", Containers = [new Container { Name = "c", Ports = httpPort is { } p ? [new ContainerPort { Name = "http", Port = p }] : null }] },
        Status = new PodStatus
        {
            Phase = phase,
            PodIP = ip,
            Conditions = [new PodCondition { Type = "Ready", Status = ready ? ConditionStatus.True : ConditionStatus.False }],
        },
    };

    [Fact]
    public void Desired_ReadyAndNotReadyPods_SplitIntoAddressesAndNotReadyAddresses()
    {
        var endpoints = EndpointsReconciler.Desired(Svc(), [Pod("b", "10.0.0.2", ready: true), Pod("a", "10.0.0.1", ready: true), Pod("c", "10.0.0.3", ready: false)]);

        var subset = Assert.Single(endpoints.Subsets!);
        Assert.Equal(["10.0.0.1", "10.0.0.2"], subset.Addresses!.Select(a => a.Ip));
        Assert.Equal(["10.0.0.3"], subset.NotReadyAddresses!.Select(a => a.Ip));
        Assert.Equal(("http", 8080, Protocol.TCP), (subset.Ports!.Single().Name, subset.Ports!.Single().Port, subset.Ports!.Single().Protocol));
        Assert.Equal(("Pod", "a", "n1"), (subset.Addresses![0].TargetRef!.Kind, subset.Addresses[0].TargetRef!.Name, subset.Addresses[0].NodeName));
        Assert.Equal("a", endpoints.Metadata.Labels!["team"]);
    }

    [Fact]
    public void Desired_PodsResolvingTheNamedPortDifferently_LandInSeparateSubsets()
    {
        var endpoints = EndpointsReconciler.Desired(Svc(), [Pod("a", "10.0.0.1", true, 8080), Pod("b", "10.0.0.2", true, 9090)]);

        Assert.Equal([8080, 9090], endpoints.Subsets!.Select(s => s.Ports!.Single().Port));
    }

    [Fact]
    public void Desired_PodsWithoutIpFinishedOrDeleting_AreLeftOut()
    {
        var endpoints = EndpointsReconciler.Desired(Svc(), [Pod("a", null, true), Pod("b", "10.0.0.2", true, phase: PodPhase.Succeeded), Pod("c", "10.0.0.3", true, deleting: true)]);

        Assert.Null(endpoints.Subsets);
    }

    [Fact]
    public void Desired_ServicePublishingNotReadyAddresses_ListsNotReadyAndDeletingPodsAsAddresses()
    {
        var service = Svc();
        service.Spec!.PublishNotReadyAddresses = true;

        var endpoints = EndpointsReconciler.Desired(service, [Pod("a", "10.0.0.1", ready: true), Pod("b", "10.0.0.2", ready: false), Pod("c", "10.0.0.3", ready: false, deleting: true), Pod("d", "10.0.0.4", ready: true, phase: PodPhase.Failed)]);

        var subset = Assert.Single(endpoints.Subsets!);
        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.3"], subset.Addresses!.Select(a => a.Ip));
        Assert.Null(subset.NotReadyAddresses);
    }

    [Fact]
    public void Desired_Headless_IsLabelledSo()
    {
        var endpoints = EndpointsReconciler.Desired(Svc(clusterIp: "None"), []);

        Assert.Equal("", endpoints.Metadata.Labels![EndpointsReconciler.HeadlessLabel]);
    }
}
