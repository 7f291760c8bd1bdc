using OrleansKube.Control.Quota;
using static OrleansKube.Tests.Quotas.QuotaObjects;

namespace OrleansKube.Tests.Quotas;

public class QuotaAdmissionTests
{
    public sealed record UsedCase(string Sentence, ResourceQuota Quota, KubeObject[] Objects, string Expected)
    {
        public override string ToString() => Sentence;
    }

    private static readonly ScopeSelector HighPriority = new()
    {
        MatchExpressions = [new ScopedResourceSelectorRequirement { ScopeName = ResourceQuotaScope.PriorityClass, Operator = ScopeSelectorOperator.In, Values = ["high"] }],
    };

    public static TheoryData<UsedCase> UsedCases() =>
    [
        new UsedCase("pods and their requests and limits add up", Quota("q", "pods=10,requests.cpu=2,cpu=2,limits.memory=4Gi,requests.memory=2Gi"),
            [Pod("a", "cpu=500m,memory=1Gi", "memory=2Gi"), Pod("b", "cpu=250m")], "cpu=750m,limits.memory=2Gi,pods=2,requests.cpu=750m,requests.memory=1Gi"),
        new UsedCase("finished pods are not counted", Quota("q", "pods=10,requests.cpu=2"),
            [Pod("a", "cpu=1", phase: PodPhase.Succeeded), Pod("b", "cpu=1", phase: PodPhase.Failed), Pod("c", "cpu=100m", phase: PodPhase.Running)], "pods=1,requests.cpu=100m"),
        new UsedCase("object counts by legacy and count/ names", Quota("q", "configmaps=5,count/configmaps=5,secrets=5,services=5,services.nodeports=5,services.loadbalancers=5,count/deployments.apps=5"),
            [Config("a"), Config("b"), Secret("s"), NodePortService("svc"), Deployment("web")], "configmaps=2,count/configmaps=2,count/deployments.apps=1,secrets=1,services=1,services.loadbalancers=0,services.nodeports=2"),
        new UsedCase("claims count and request storage", Quota("q", "persistentvolumeclaims=3,requests.storage=10Gi"),
            [Claim("a", "1Gi"), Claim("b", "2Gi")], "persistentvolumeclaims=2,requests.storage=3Gi"),
        new UsedCase("a BestEffort quota counts only pods without resources", Quota("q", "pods=10", [ResourceQuotaScope.BestEffort]),
            [Pod("a"), Pod("b", "cpu=1")], "pods=1"),
        new UsedCase("a NotBestEffort quota counts only pods with resources", Quota("q", "pods=10", [ResourceQuotaScope.NotBestEffort]),
            [Pod("a"), Pod("b", "cpu=1")], "pods=1"),
        new UsedCase("a Terminating quota counts only pods with a deadline", Quota("q", "pods=10", [ResourceQuotaScope.Terminating]),
            [Pod("a", deadline: 60), Pod("b"), Pod("c")], "pods=1"),
        new UsedCase("a NotTerminating quota counts only pods without a deadline", Quota("q", "pods=10", [ResourceQuotaScope.NotTerminating]),
            [Pod("a", deadline: 60), Pod("b"), Pod("c")], "pods=2"),
        new UsedCase("a priority class selector counts only that class's pods", Quota("q", "pods=10", selector: HighPriority),
            [Pod("a", priorityClass: "high"), Pod("b", priorityClass: "low"), Pod("c")], "pods=1"),
        new UsedCase("a scoped quota counts no other kind", Quota("q", "configmaps=10", [ResourceQuotaScope.NotTerminating]),
            [Config("a")], "configmaps=0"),
    ];

    [Theory]
    [MemberData(nameof(UsedCases))]
    public void Used_SumsWhatMatchingObjectsCharge(UsedCase c)
    {
        var used = QuotaUsage.Used(c.Quota, c.Objects);

        Assert.Equal(c.Expected, string.Join(",", used.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => $"{u.Key}={u.Value}")));
    }

    [Fact]
    public void Exceeded_TheLastSlotTaken_IsForbidden_WithUpstreamsMessage()
    {
        var quota = Quota("compute", "pods=10,requests.cpu=2");
        var used = QuotaUsage.Used(quota, [Pod("a", "cpu=1"), Pod("b", "cpu=800m")]);

        var refused = QuotaAdmission.Exceeded(Pod("x", "cpu=500m"), [(quota, used)]);

        Assert.Equal("pods \"x\" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=1800m, limited: requests.cpu=2", refused?.Message);
    }

    [Fact]
    public void Exceeded_UpToTheHardAmount_IsAdmitted()
    {
        var quota = Quota("compute", "pods=2");

        Assert.Null(QuotaAdmission.Exceeded(Pod("x"), [(quota, QuotaUsage.Used(quota, [Pod("a")]))]));
        Assert.Equal("pods \"x\" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2",
            QuotaAdmission.Exceeded(Pod("x"), [(quota, QuotaUsage.Used(quota, [Pod("a"), Pod("b")]))])?.Message);
    }

    [Fact]
    public void Constraints_QuotaOnLimits_PodWithoutThem_MustSpecify()
    {
        var quota = Quota("compute", "limits.cpu=2,limits.memory=2Gi,requests.cpu=1");
        var pod = Pod("x", "cpu=100m");

        Assert.Equal("pods \"x\" is forbidden: failed quota: compute: must specify limits.cpu for: app; limits.memory for: app", QuotaAdmission.Constraints(pod, [quota])?.Message);
    }

    [Fact]
    public void Charged_OnlyQuotasLimitingWhatTheObjectUses()
    {
        var quotas = new[] { Quota("pods", "pods=5"), Quota("maps", "configmaps=5"), Quota("best", "pods=5", [ResourceQuotaScope.BestEffort]) };

        Assert.Equal(["pods"], QuotaAdmission.Charged(Pod("x", "cpu=1"), quotas).Select(q => q.Metadata.Name));
        Assert.Equal(["maps"], QuotaAdmission.Charged(Config("c"), quotas).Select(q => q.Metadata.Name));
    }

    [Fact]
    public void Ledger_TwoAdmissionsBeforeTheCacheShowsEither_CannotBothTakeTheLastSlot()
    {
        var ledger = new QuotaLedger(TimeSpan.FromSeconds(30));
        var quota = Quota("compute", "pods=2");
        var now = DateTimeOffset.UnixEpoch;

        Assert.Null(ledger.Admit(Pod("b"), [quota], [Pod("a")], now));
        Assert.Equal("pods \"c\" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2", ledger.Admit(Pod("c"), [quota], [Pod("a")], now)?.Message);
    }

    [Fact]
    public void Ledger_ReadmittingAName_ReplacesItsReservation()
    {
        var ledger = new QuotaLedger(TimeSpan.FromSeconds(30));
        var quota = Quota("compute", "pods=1");
        var now = DateTimeOffset.UnixEpoch;

        Assert.Null(ledger.Admit(Pod("b"), [quota], [], now));
        Assert.Null(ledger.Admit(Pod("b"), [quota], [], now));
    }

    [Fact]
    public void Ledger_ReservationsGo_WhenListedOrExpired()
    {
        var ledger = new QuotaLedger(TimeSpan.FromSeconds(30));
        var quota = Quota("compute", "pods=5");
        var now = DateTimeOffset.UnixEpoch;
        ledger.Admit(Pod("a"), [quota], [], now);
        ledger.Admit(Pod("b"), [quota], [], now);

        ledger.Forget([Pod("a")], now);
        Assert.Equal(1, ledger.Count);

        ledger.Forget([], now.AddSeconds(31));
        Assert.Equal(0, ledger.Count);
    }

    public sealed record DeltaCase(string Sentence, KubeObject Previous, KubeObject Updated, string Expected)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<DeltaCase> DeltaCases() =>
    [
        new DeltaCase("a claim grown from 1Gi to 3Gi is charged 2Gi of storage", Claim("a", "1Gi"), Claim("a", "3Gi"), "requests.storage=2Gi"),
        new DeltaCase("a claim of a class is charged its class's storage too", Claim("a", "1Gi", "fast"), Claim("a", "5Gi", "fast"), "fast.storageclass.storage.k8s.io/requests.storage=4Gi,requests.storage=4Gi"),
        new DeltaCase("a claim unchanged is charged nothing", Claim("a", "1Gi"), Claim("a", "1Gi"), ""),
        new DeltaCase("a shrink is charged nothing (never negative)", Claim("a", "3Gi"), Claim("a", "1Gi"), ""),
        new DeltaCase("a ClusterIP Service made NodePort is charged its node ports", ClusterIpService("s"), NodePortService("s"), "services.nodeports=2"),
        new DeltaCase("a NodePort Service made LoadBalancer is charged a load balancer", NodePortService("s"), NodePortService("s", ServiceType.LoadBalancer), "services.loadbalancers=1"),
        new DeltaCase("a ClusterIP Service made LoadBalancer is charged both", ClusterIpService("s"), NodePortService("s", ServiceType.LoadBalancer), "services.loadbalancers=1,services.nodeports=2"),
    ];

    [Theory]
    [MemberData(nameof(DeltaCases))]
    public void UpdateDelta_ChargesOnlyWhatGrew(DeltaCase c) =>
        Assert.Equal(c.Expected, string.Join(",", QuotaAdmission.UpdateDelta(c.Previous, c.Updated).OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => $"{u.Key}={u.Value}")));

    [Fact]
    public void Ledger_ClaimResizedPastTheQuota_IsForbiddenWithUpstreamsDeltaMessage()
    {
        var ledger = new QuotaLedger(TimeSpan.FromSeconds(30));
        var quota = Quota("storage", "requests.storage=4Gi");
        var listed = new KubeObject[] { Claim("a", "1Gi", version: "5"), Claim("b", "2Gi") };

        Assert.Equal(
            "persistentvolumeclaims \"a\" is forbidden: exceeded quota: storage, requested: requests.storage=2Gi, used: requests.storage=3Gi, limited: requests.storage=4Gi",
            ledger.AdmitUpdate(Claim("a", "3Gi"), (KubeObject)listed[0], [quota], listed, DateTimeOffset.UnixEpoch)?.Message);
        Assert.Null(ledger.AdmitUpdate(Claim("a", "2Gi"), (KubeObject)listed[0], [quota], listed, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Ledger_AnAdmittedUpdate_CountsInPlaceOfTheListedVersion_UntilTheListShowsAnother()
    {
        var ledger = new QuotaLedger(TimeSpan.FromSeconds(30));
        var quota = Quota("storage", "requests.storage=4Gi");
        var now = DateTimeOffset.UnixEpoch;
        var a = Claim("a", "1Gi", version: "5");
        var b = Claim("b", "1Gi", version: "6");

        Assert.Null(ledger.AdmitUpdate(Claim("a", "3Gi"), a, [quota], [a, b], now));

        // The cache still lists a at 1Gi: b may grow by 0, not 2.
        Assert.Equal(
            "persistentvolumeclaims \"b\" is forbidden: exceeded quota: storage, requested: requests.storage=1Gi, used: requests.storage=4Gi, limited: requests.storage=4Gi",
            ledger.AdmitUpdate(Claim("b", "2Gi"), b, [quota], [a, b], now)?.Message);

        // Once the cache lists the new version, the reservation goes.
        ledger.Forget([Claim("a", "3Gi", version: "9"), b], now);
        Assert.Equal(0, ledger.Count);
    }

    private static ConfigMap Config(string name) => new() { Metadata = new ObjectMeta { Name = name, Namespace = "ns" } };

    private static Secret Secret(string name) => new() { Metadata = new ObjectMeta { Name = name, Namespace = "ns" } };

    private static Service NodePortService(string name, ServiceType type = ServiceType.NodePort) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "ns" },
        Spec = new ServiceSpec { Type = type, Ports = [new ServicePort { Port = 80 }, new ServicePort { Port = 443 }] },
    };

    private static Deployment Deployment(string name) => new() { Metadata = new ObjectMeta { Name = name, Namespace = "ns" } };

    private static PersistentVolumeClaim Claim(string name, string storage, string? className = null, string? version = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "ns", ResourceVersion = version },
        Spec = new PersistentVolumeClaimSpec { StorageClassName = className, Resources = new VolumeResourceRequirements { Requests = Amounts("storage=" + storage) } },
    };

    private static Service ClusterIpService(string name) => NodePortService(name, ServiceType.ClusterIP);
}
