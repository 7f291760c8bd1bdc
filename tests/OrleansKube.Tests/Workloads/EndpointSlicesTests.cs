using OrleansKube.Control.Services;
using OrleansKube.Manifests.Printing;
using OrleansKube.Model.Discovery;

namespace OrleansKube.Tests.Workloads;

public class EndpointSlicesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    private readonly RecordingObjectControl _api = new(Now);

    private static Service Svc(params ServicePort[] ports) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "default", Uid = "uid-svc", Labels = new() { ["team"] = "a" } },
        Spec = new ServiceSpec
        {
            Selector = new() { ["app"] = "web" },
            Ports = ports.Length > 0 ? [.. ports] : [new ServicePort { Name = "http", Port = 80, TargetPort = IntOrString.FromString("http"), Protocol = Protocol.TCP }],
        },
    };

    private static Pod Pod(string name, string ip, bool ready = true, bool deleting = false, string node = "n1", int httpPort = 8080) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "default", Uid = "uid-" + name, DeletionTimestamp = deleting ? Now : null },
        Spec = new PodSpec { NodeName = node, Containers = [new Container { Name = "c", Ports = [new ContainerPort { Name = "http", Port = httpPort }] }] },
        Status = new PodStatus
        {
            Phase = PodPhase.Running,
            PodIP = ip,
            Conditions = [new PodCondition { Type = "Ready", Status = ready ? ConditionStatus.True : ConditionStatus.False }],
        },
    };

    private static string? Zone(string node) => node == "n1" ? "zone-a" : null;

    private static List<EndpointSlice> Desired(Service service, params Pod[] pods) => EndpointSlices.Desired(service, EndpointsReconciler.Compute(service, pods), Zone);

    private static IEnumerable<Pod> Many(int count) => Enumerable.Range(0, count).Select(i => Pod($"p{i:D3}", $"10.0.{i / 250}.{i % 250 + 1}"));

    [Fact]
    public void Desired_ReadyNotReadyAndTerminatingPods_CarryUpstreamsConditions()
    {
        var slice = Assert.Single(Desired(Svc(), Pod("a", "10.0.0.1"), Pod("b", "10.0.0.2", ready: false), Pod("c", "10.0.0.3", deleting: true), Pod("d", "10.0.0.4", ready: false, deleting: true, node: "n2")));

        Assert.Equal(AddressType.IPv4, slice.AddressType);
        Assert.Equal(
            [("10.0.0.1", true, true, false), ("10.0.0.2", false, false, false), ("10.0.0.3", false, true, true), ("10.0.0.4", false, false, true)],
            slice.Endpoints!.Select(e => (e.Addresses.Single(), e.Conditions!.Ready!.Value, e.Conditions.Serving!.Value, e.Conditions.Terminating!.Value)));
        var first = slice.Endpoints![0];
        Assert.Equal(("n1", "zone-a", "Pod", "default", "a", "uid-a"), (first.NodeName, first.Zone, first.TargetRef!.Kind, first.TargetRef.Namespace, first.TargetRef.Name, first.TargetRef.Uid));
        Assert.Null(slice.Endpoints[3].Zone);
        Assert.Equal("web-", slice.Metadata.GenerateName);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "a", ["kubernetes.io/service-name"] = "web", ["endpointslice.kubernetes.io/managed-by"] = "endpointslice-controller.k8s.io" }, slice.Metadata.Labels);
        var owner = Assert.Single(slice.Metadata.OwnerReferences!);
        Assert.Equal(("v1", "Service", "web", "uid-svc", true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller));
    }

    [Fact]
    public void Desired_Ports_AreTheServicesResolvedAgainstEachPod_OneSlicePerPortSet()
    {
        var service = Svc(
            new ServicePort { Name = "http", Port = 80, TargetPort = IntOrString.FromString("http") },
            new ServicePort { Name = "https", Port = 443, TargetPort = IntOrString.FromInt(8443), Protocol = Protocol.TCP });

        var slices = Desired(service, Pod("a", "10.0.0.1"), Pod("b", "10.0.0.2", httpPort: 9090));

        Assert.Equal(
            ["http:8080/TCP,https:8443/TCP", "http:9090/TCP,https:8443/TCP"],
            slices.Select(s => string.Join(",", s.Ports!.Select(p => $"{p.Name}:{p.Port}/{p.Protocol}"))));
        Assert.Equal(["10.0.0.1", "10.0.0.2"], slices.Select(s => s.Endpoints!.Single().Addresses.Single()));
    }

    [Fact]
    public void Desired_MoreThanAHundredEndpoints_SplitIntoSlicesOfAHundred()
    {
        var service = Svc();

        var slices = EndpointSlices.Desired(service, EndpointsReconciler.Compute(service, Many(250)), Zone);

        Assert.Equal([100, 100, 50], slices.Select(s => s.Endpoints!.Count));
        Assert.Equal(250, slices.SelectMany(s => s.Endpoints!).Select(e => e.Addresses[0]).Distinct().Count());
    }

    [Fact]
    public void Desired_NoPods_OnePlaceholderSliceWithoutPortsOrEndpoints()
    {
        var slice = Assert.Single(Desired(Svc()));

        Assert.Empty(slice.Endpoints!);
        Assert.Empty(slice.Ports!);
    }

    [Fact]
    public async Task Sync_Unchanged_WritesNothing()
    {
        var service = Svc();
        var view = EndpointsReconciler.Compute(service, [Pod("a", "10.0.0.1"), Pod("b", "10.0.0.2")]);
        var stored = await new EndpointSliceReconciler(_api).SyncAsync(service, view, [], Zone);
        _api.Calls.Clear();

        var again = await new EndpointSliceReconciler(_api).SyncAsync(service, EndpointsReconciler.Compute(service, [Pod("b", "10.0.0.2"), Pod("a", "10.0.0.1")]), stored, Zone);

        Assert.Empty(_api.Calls);
        Assert.Equal(stored.Select(s => s.Metadata.Name), again.Select(s => s.Metadata.Name));
    }

    [Fact]
    public async Task Sync_PodsChange_UpdatesTheSlicesInPlaceCreatingAndDeletingOnlyWhatTheCountNeeds()
    {
        var service = Svc();
        var reconciler = new EndpointSliceReconciler(_api);
        var first = await reconciler.SyncAsync(service, EndpointsReconciler.Compute(service, [Pod("a", "10.0.0.1", ready: false)]), [], Zone);
        Assert.Equal(["create EndpointSlice web-00001"], _api.Calls);

        _api.Calls.Clear();
        var ready = await reconciler.SyncAsync(service, EndpointsReconciler.Compute(service, [Pod("a", "10.0.0.1")]), first, Zone);
        Assert.Equal(["update EndpointSlice web-00001"], _api.Calls);
        Assert.True(ready.Single().Endpoints!.Single().Conditions!.Ready);

        _api.Calls.Clear();
        var scaled = await reconciler.SyncAsync(service, EndpointsReconciler.Compute(service, Many(150)), ready, Zone);
        Assert.Equal(["update EndpointSlice web-00001", "create EndpointSlice web-00002"], _api.Calls);
        Assert.Equal(150, scaled.Sum(s => s.Endpoints!.Count));

        _api.Calls.Clear();
        var gone = await reconciler.SyncAsync(service, EndpointsReconciler.Compute(service, []), scaled, Zone);
        Assert.Equal(["update EndpointSlice web-00001", "delete EndpointSlice web-00002"], _api.Calls);
        Assert.Empty(gone.Single().Endpoints!);
    }

    [Fact]
    public void Table_PortsAndEndpoints_AsUpstreamPrintsThem()
    {
        var service = Svc(new ServicePort { Name = "http", Port = 80 }, new ServicePort { Name = "https", Port = 443 });
        var slice = EndpointSlices.Desired(service, EndpointsReconciler.Compute(service, Many(5)), Zone).Single();
        slice.Metadata.Name = "web-abcde";
        slice.Metadata.CreationTimestamp = Now.AddMinutes(-3);

        var table = ObjectTables.For(Kinds.EndpointSlice, [slice, Assert.Single(Desired(Svc()))], Now);

        Assert.Equal(["Name", "AddressType", "Ports", "Endpoints", "Age"], table.Columns.Select(c => c.Name));
        Assert.Equal(["web-abcde", "IPv4", "80,443", "10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...", "3m"], table.Rows[0].Cells);
        Assert.Equal(["<unset>", "<unset>"], table.Rows[1].Cells.Skip(2).Take(2));
    }
}
