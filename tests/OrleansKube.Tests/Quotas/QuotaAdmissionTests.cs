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

    private static ConfigMap Config(string name) => new() { Metadata = new ObjectMeta { Name = name, Namespace = "ns" } };

    private static Secret Secret(string name) => new() { Metadata = new ObjectMeta { Name = name, Namespace = "ns" } };

    private static Service NodePortService(string name) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "ns" },
        Spec = new ServiceSpec { Type = ServiceType.NodePort, Ports = [new ServicePort { Port = 80 }, new ServicePort { Port = 443 }] },
    };

    private static Deployment Deployment(string name) => new() { Metadata = new ObjectMeta { Name = name, Namespace = "ns" } };

    private static PersistentVolumeClaim Claim(string name, string storage) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "ns" },
        Spec = new PersistentVolumeClaimSpec { Resources = new VolumeResourceRequirements { Requests = Amounts("storage=" + storage) } },
    };
}
