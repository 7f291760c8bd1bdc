using OrleansKube.Control.Nodes;
using OrleansKube.Model.Coordination;

namespace OrleansKube.Tests.Nodes;

public class NodeHealthTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    private static Lease Renewed(string node, DateTimeOffset at) => NodeLifecycle.Lease(node, null, at);

    [Fact]
    public void Read_ALeaseRenewedSinceLastHeard_KeepsTheNodeFromBeingOverdue()
    {
        var health = new NodeHealth();
        health.Start(["n1", "n2"], T0);

        health.Read([Renewed("n1", T0 + TimeSpan.FromSeconds(30))]);

        Assert.Equal(["n2"], health.MarkOverdue(T0 + TimeSpan.FromSeconds(41)));
        Assert.Equal(["n2"], health.Unreachable);
    }

    [Fact]
    public void Read_ALeaseOlderThanTheControllersStart_DoesNotMakeTheNodeOverdueSooner()
    {
        var health = new NodeHealth();
        health.Start(["n1"], T0);

        health.Read([Renewed("n1", T0 - TimeSpan.FromSeconds(35))]);

        Assert.Null(health.MarkOverdue(T0 + TimeSpan.FromSeconds(40)));
        Assert.Equal(["n1"], health.MarkOverdue(T0 + TimeSpan.FromSeconds(41)));
    }

    [Fact]
    public void Read_ALeaseOfANodeNotFollowed_IsIgnored()
    {
        var health = new NodeHealth();
        health.Start(["n1"], T0);
        health.Forget("n1");

        health.Read([Renewed("n1", T0), Renewed("stranger", T0)]);

        Assert.Null(health.MarkOverdue(T0 + TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Read_ANodeHeldUnreachableRenewsAgain_IsReturnedAsBack_Once()
    {
        var health = new NodeHealth();
        health.Start(["n1"], T0);
        Assert.Equal(["n1"], health.MarkOverdue(T0 + TimeSpan.FromSeconds(45)));

        var back = T0 + TimeSpan.FromSeconds(60);
        Assert.Equal(["n1"], health.Read([Renewed("n1", back)]));
        Assert.Null(health.Read([Renewed("n1", back)]));
        Assert.Empty(health.Unreachable);
    }

    [Fact]
    public void Heard_ANewNode_IsFollowedFromItsRenewal()
    {
        var health = new NodeHealth();

        Assert.False(health.Heard("n1", T0));

        Assert.Equal(["n1"], health.MarkOverdue(T0 + TimeSpan.FromSeconds(41)));
        Assert.True(health.Heard("n1", T0 + TimeSpan.FromSeconds(50)));
        Assert.Empty(health.Unreachable);
    }
}
