using OrleansKube.Grains.Abstractions;

namespace OrleansKube.Tests.Sharing;

/// <summary>The Debug-build check that objects shared between grains (not copied) are never changed afterwards.</summary>
public sealed class SharedObjectsTests
{
    private static Pod NewPod() => new() { ApiVersion = "v1", Kind = "Pod", Metadata = new ObjectMeta { Name = "p", Namespace = "ns" }, Spec = new PodSpec { Containers = [] } };

    [Fact]
    public void Verify_AnObjectChangedAfterItWasShared_Throws_NamingItsBeforeAndNow()
    {
        Assert.True(SharedObjects.Checked, "the tests run a Debug build");
        var check = new SharedObjects();
        var pod = NewPod();
        check.Shared(pod);

        pod.Spec.NodeName = "node-1";

        var error = Assert.Throws<InvalidOperationException>(() => check.Verify());
        Assert.Contains("Pod (still held)", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"nodeName\":\"node-1\"", error.Message, StringComparison.Ordinal);
        check.Verify(); // reported once
    }

    [Fact]
    public void Shared_AgainAfterAChange_IsReportedWithoutASweep()
    {
        var check = new SharedObjects();
        var pod = NewPod();
        check.Shared(pod);
        pod.Metadata.Labels = new() { ["app"] = "x" };

        check.Shared(pod);

        var error = Assert.Throws<InvalidOperationException>(() => check.Verify(sweep: false));
        Assert.Contains("Pod (crossed a grain boundary again)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ObjectsSharedAndLeftAlone_OrReplacedByNewOnes_Passes()
    {
        var check = new SharedObjects();
        var pod = NewPod();
        check.Shared(pod);
        var bound = pod with { Spec = pod.Spec with { NodeName = "node-1" } }; // the way to change one: a new object
        check.Shared(bound);
        check.Shared(pod);

        check.Verify();
    }
}
