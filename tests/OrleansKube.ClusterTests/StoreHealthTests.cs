using OrleansKube.Control.Store;
using OrleansKube.Grains.Hosting;
using OrleansKube.Silo;

namespace OrleansKube.ClusterTests;

public sealed class StoreHealthTests
{
    [Fact]
    public void ReportOk_AfterLost_StaysLost_AndRefusesWithServiceUnavailable()
    {
        var health = new StoreHealth();
        var changes = new List<StoreState>();
        health.Changed += changes.Add;

        health.ReportUnreachable("no answer");
        health.ReportOk();
        health.ReportLost("emptied");
        health.ReportOk();
        health.ReportUnreachable("no answer");

        Assert.Equal([StoreState.Unreachable, StoreState.Ok, StoreState.Lost], changes);
        Assert.Equal(StoreState.Lost, health.State);
        var refusal = health.Refusal()!;
        Assert.Equal(ApiErrorReason.ServiceUnavailable, refusal.Reason);
        Assert.Equal("emptied", refusal.Message);
    }

    public sealed record Case(string Name, string Path, bool Started, StoreState State, int Status, string Body)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases { get; } =
    [
        new Case("liveness holds while the store is lost", "/livez", true, StoreState.Lost, 200, "ok"),
        new Case("readiness waits for the silo to start", "/readyz", false, StoreState.Ok, 503, "the silo is starting"),
        new Case("readiness holds with the store ok", "/readyz", true, StoreState.Ok, 200, "ok"),
        new Case("readiness fails with the store unreachable", "/readyz", true, StoreState.Unreachable, 503, "store unreachable: why"),
        new Case("health fails with the store lost", "/healthz", true, StoreState.Lost, 503, "store lost: why"),
        new Case("another path is not found", "/metrics", true, StoreState.Ok, 404, "not found: /livez, /readyz, /healthz"),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Answer_ByPathAndState_IsTheUpstreamHealthCheck(Case test) =>
        Assert.Equal((test.Status, test.Body), HealthEndpoints.Answer(test.Path, test.Started, test.State, "why"));
}
