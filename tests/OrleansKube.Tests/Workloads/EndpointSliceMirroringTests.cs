using OrleansKube.Control.Services;

namespace OrleansKube.Tests.Workloads;

public class EndpointSliceMirroringTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);

    private readonly RecordingObjectControl _api = new(Now);

    private static Service Svc(Dictionary<string, string>? selector = null, ServiceType type = ServiceType.ClusterIP, bool deleting = false) => new()
    {
        Metadata = new ObjectMeta { Name = "db", Namespace = "default", Uid = "uid-svc", DeletionTimestamp = deleting ? Now : null },
        Spec = new ServiceSpec { Selector = selector, Type = type, Ports = [new ServicePort { Name = "pg", Port = 5432 }] },
    };

    private static Endpoints Ep(params EndpointSubset[] subsets) => new()
    {
        ApiVersion = "v1",
        Kind = "Endpoints",
        Metadata = new ObjectMeta { Name = "db", Namespace = "default", Uid = "uid-ep" },
        Subsets = subsets.Length == 0 ? null : [.. subsets],
    };

    private static EndpointSubset Subset(string[] ready, string[]? notReady = null, params EndpointPort[] ports) => new()
    {
        Addresses = [.. ready.Select(ip => new EndpointAddress { Ip = ip })],
        NotReadyAddresses = notReady is null ? null : [.. notReady.Select(ip => new EndpointAddress { Ip = ip })],
        Ports = ports.Length == 0 ? [new EndpointPort { Name = "pg", Port = 5432, Protocol = Protocol.TCP }] : [.. ports],
    };

    public sealed record MirrorCase(string Name, Service? Service, Endpoints? Endpoints, bool Mirrored)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<MirrorCase> MirrorCases =>
    [
        new MirrorCase("the Endpoints of a Service without a selector are mirrored", Svc(), Ep(), true),
        new MirrorCase("an empty selector is no selector", Svc(selector: []), Ep(), true),
        new MirrorCase("a Service with a selector has its own slices", Svc(selector: new() { ["app"] = "db" }), Ep(), false),
        new MirrorCase("Endpoints without a Service are not mirrored", null, Ep(), false),
        new MirrorCase("a Service being deleted keeps no mirror", Svc(deleting: true), Ep(), false),
        new MirrorCase("an ExternalName Service has no endpoints", Svc(type: ServiceType.ExternalName), Ep(), false),
        new MirrorCase("no Endpoints, nothing to mirror", Svc(), null, false),
        new MirrorCase("Endpoints labelled skip-mirror are left alone", Svc(), Ep() with { Metadata = Ep().Metadata with { Labels = new() { ["endpointslice.kubernetes.io/skip-mirror"] = "true" } } }, false),
        new MirrorCase("a leader-election lock is not mirrored", Svc(), Ep() with { Metadata = Ep().Metadata with { Annotations = new() { ["control-plane.alpha.kubernetes.io/leader"] = "{}" } } }, false),
    ];

    [Theory]
    [MemberData(nameof(MirrorCases))]
    public void ShouldMirror_FollowsUpstreamsRules(MirrorCase c) =>
        Assert.Equal(c.Mirrored, EndpointSliceMirroring.ShouldMirror(c.Service, c.Endpoints));

    public sealed record DesiredCase(string Name, Endpoints Endpoints, string[] Slices)
    {
        public override string ToString() => Name;
    }

    // Each slice as "addressType ports: ip=ready ...".
    public static TheoryData<DesiredCase> DesiredCases =>
    [
        new DesiredCase("ready and not-ready addresses become one slice with Ready true and false", Ep(Subset(["10.0.0.2", "10.0.0.1"], ["10.0.0.3"])), ["IPv4 pg:5432/TCP: 10.0.0.1=True 10.0.0.2=True 10.0.0.3=False"]),
        new DesiredCase("Endpoints without subsets have no slices", Ep(), []),
        new DesiredCase(
            "subsets with the same ports are repacked into one slice, an address in both counts as ready",
            Ep(Subset(["10.0.0.1"]), Subset(["10.0.0.2"], ["10.0.0.1"])),
            ["IPv4 pg:5432/TCP: 10.0.0.1=True 10.0.0.2=True"]),
        new DesiredCase(
            "different port sets get a slice each",
            Ep(Subset(["10.0.0.1"]), Subset(["10.0.0.2"], null, new EndpointPort { Name = "http", Port = 80, AppProtocol = "http" })),
            ["IPv4 http:80/TCP/http: 10.0.0.2=True", "IPv4 pg:5432/TCP: 10.0.0.1=True"]),
        new DesiredCase(
            "IPv6 addresses get a slice of their own, written in canonical form",
            Ep(Subset(["10.0.0.1", "fd00:0:0::1"])),
            ["IPv4 pg:5432/TCP: 10.0.0.1=True", "IPv6 pg:5432/TCP: fd00::1=True"]),
        new DesiredCase("an invalid IP is skipped", Ep(Subset(["10.0.0.1", "not-an-ip"])), ["IPv4 pg:5432/TCP: 10.0.0.1=True"]),
    ];

    [Theory]
    [MemberData(nameof(DesiredCases))]
    public void Desired_MirrorsAddressesPortsAndReadiness(DesiredCase c)
    {
        var slices = EndpointSliceMirroring.Desired(c.Endpoints).Slices;

        Assert.Equal(c.Slices, slices.Select(s =>
            $"{s.AddressType} {string.Join(",", s.Ports!.Select(p => $"{p.Name}:{p.Port}/{p.Protocol}{(p.AppProtocol is null ? "" : "/" + p.AppProtocol)}"))}: "
            + string.Join(" ", s.Endpoints!.Select(e => $"{e.Addresses.Single()}={(e.Conditions!.Ready!.Value ? "True" : "False")}"))));
        Assert.All(slices, s => Assert.All(s.Endpoints!, e => Assert.Equal((null, null), (e.Conditions!.Serving, e.Conditions.Terminating))));
    }

    [Fact]
    public void Desired_SliceCarriesTheEndpointsLabelsAndAnnotations_AndIsControlledByThem()
    {
        var endpoints = Ep(Subset(["10.0.0.1"])) with
        {
            Metadata = Ep().Metadata with
            {
                Labels = new() { ["team"] = "data", ["kubernetes.io/service-name"] = "other" },
                Annotations = new() { ["note"] = "external db", ["kubectl.kubernetes.io/last-applied-configuration"] = "{}", ["endpoints.kubernetes.io/last-change-trigger-time"] = "x" },
            },
        };
        endpoints.Subsets![0].Addresses![0] = new EndpointAddress { Ip = "10.0.0.1", Hostname = "db-0", NodeName = "n1", TargetRef = new ObjectReference { Kind = "Pod", Name = "db-0" } };

        var slice = Assert.Single(EndpointSliceMirroring.Desired(endpoints).Slices);

        Assert.Equal(("db-", "default"), (slice.Metadata.GenerateName, slice.Metadata.Namespace));
        Assert.Equal(new Dictionary<string, string> { ["team"] = "data", ["kubernetes.io/service-name"] = "db", ["endpointslice.kubernetes.io/managed-by"] = "endpointslicemirroring-controller.k8s.io" }, slice.Metadata.Labels);
        Assert.Equal(new Dictionary<string, string> { ["note"] = "external db" }, slice.Metadata.Annotations);
        var owner = Assert.Single(slice.Metadata.OwnerReferences!);
        Assert.Equal(("v1", "Endpoints", "db", "uid-ep", true, true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        var endpoint = Assert.Single(slice.Endpoints!);
        Assert.Equal(("db-0", "n1", "db-0", (string?)null), (endpoint.Hostname, endpoint.NodeName, endpoint.TargetRef!.Name, endpoint.Zone));
    }

    [Fact]
    public void Desired_InvalidAndTooManyAddresses_AreUpstreamsWarnings()
    {
        var many = Enumerable.Range(0, 1002).Select(i => $"10.1.{i / 250}.{i % 250 + 1}").Append("bogus").ToArray();

        var mirror = EndpointSliceMirroring.Desired(Ep(Subset(many)));

        Assert.Equal(1000, Assert.Single(mirror.Slices).Endpoints!.Count);
        Assert.Equal(
            [
                ("Warning", "InvalidIPAddress", "Skipped 1 invalid IP addresses when mirroring to EndpointSlices"),
                ("Warning", "TooManyAddressesToMirror", "A max of 1000 addresses can be mirrored to EndpointSlices per Endpoints subset. 3 addresses were skipped"),
            ],
            mirror.Events);
    }

    [Fact]
    public async Task SyncAsync_CreatesThenUpdatesInPlace_WritesNothingWhenUnchanged_AndDeletesWhenTheEndpointsGo()
    {
        var reconciler = new EndpointSliceMirroringReconciler(_api);
        var slices = await reconciler.SyncAsync(Svc(), Ep(Subset(["10.0.0.1"])), []);
        Assert.Equal(["create EndpointSlice db-00001"], _api.Calls);

        _api.Calls.Clear();
        slices = await reconciler.SyncAsync(Svc(), Ep(Subset(["10.0.0.1"])), slices);
        Assert.Empty(_api.Calls);

        slices = await reconciler.SyncAsync(Svc(), Ep(Subset(["10.0.0.1"], ["10.0.0.2"])), slices);
        Assert.Equal(["update EndpointSlice db-00001"], _api.Calls);
        Assert.Equal([true, false], Assert.Single(slices).Endpoints!.Select(e => e.Conditions!.Ready!.Value));

        _api.Calls.Clear();
        slices = await reconciler.SyncAsync(Svc(), null, slices);
        Assert.Equal(["delete EndpointSlice db-00001"], _api.Calls);
        Assert.Empty(slices);
    }

    [Fact]
    public async Task SyncAsync_ServiceGainsASelector_MirroredSlicesAreDeleted()
    {
        var reconciler = new EndpointSliceMirroringReconciler(_api);
        var slices = await reconciler.SyncAsync(Svc(), Ep(Subset(["10.0.0.1"]), Subset(["10.0.0.2"], null, new EndpointPort { Name = "http", Port = 80 })), []);
        Assert.Equal(2, slices.Count);
        _api.Calls.Clear();

        slices = await reconciler.SyncAsync(Svc(selector: new() { ["app"] = "db" }), Ep(Subset(["10.0.0.1"])), slices);

        Assert.Equal(["delete EndpointSlice db-00001", "delete EndpointSlice db-00002"], _api.Calls);
        Assert.Empty(slices);
    }
}
