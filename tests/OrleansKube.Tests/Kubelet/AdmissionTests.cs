using OrleansKube.Control.Kubelet;
using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Tests.Kubelet;

/// <summary>The kubelet's own check of a pod bound to its node (upstream's <c>OutOf{resource}</c> and <c>NodePorts</c> rejections).</summary>
public class AdmissionTests
{
    private static readonly Resource Allocatable = new() { MilliCpu = 2_000, Memory = 4L << 30, AllowedPodNumber = 10 };

    public sealed record AdmissionCase(string Sentence, Resource Requests, Resource Used, int Pods, string? Reason, string? Message)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<AdmissionCase> Cases() =>
    [
        new AdmissionCase("a pod that fits is admitted", new() { MilliCpu = 500, Memory = 1L << 30 }, new() { MilliCpu = 1_000 }, 3, null, null),
        new AdmissionCase("a pod short of cpu is refused naming cpu", new() { MilliCpu = 1_500 }, new() { MilliCpu = 1_000 }, 3, "OutOfcpu",
            "Pod was rejected: Node didn't have enough resource: cpu, requested: 1500, used: 1000, capacity: 2000"),
        new AdmissionCase("a pod short of memory and cpu is refused naming the first by name", new() { Memory = 4L << 30, MilliCpu = 1_500 }, new() { Memory = 1, MilliCpu = 1_000 }, 3, "OutOfcpu",
            "Pod was rejected: Node didn't have enough resource: cpu, requested: 1500, used: 1000, capacity: 2000"),
        new AdmissionCase("a pod short of memory alone is refused naming memory", new() { Memory = 4L << 30, MilliCpu = 100 }, new() { Memory = 1 }, 3, "OutOfmemory",
            "Pod was rejected: Node didn't have enough resource: memory, requested: 4294967296, used: 1, capacity: 4294967296"),
        new AdmissionCase("a node at its pod limit refuses any pod", new() { MilliCpu = 1 }, new(), 10, "OutOfpods",
            "Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: 10, capacity: 10"),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_RefusesThePodAsUpstream(AdmissionCase c)
    {
        var refusal = Admission.Check(c.Requests, Allocatable, c.Used, c.Pods);

        Assert.Equal((c.Reason, c.Message), (refusal?.Reason, refusal?.Message));
    }

    [Fact]
    public void Check_APodWhoseHostPortANodesPodHolds_IsRefusedAsNodePorts_AfterItsResources()
    {
        HostPort[] wanted = [new(HostPort.AllAddresses, Protocol.TCP, 80)];
        HostPort[] held = [new("10.0.0.1", Protocol.TCP, 80)];

        var refusal = Admission.Check(new() { MilliCpu = 100 }, Allocatable, new(), 3, wanted, held);
        var shortOfCpu = Admission.Check(new() { MilliCpu = 5_000 }, Allocatable, new(), 3, wanted, held);
        var otherProtocol = Admission.Check(new() { MilliCpu = 100 }, Allocatable, new(), 3, [new(HostPort.AllAddresses, Protocol.UDP, 80)], held);
        var otherAddress = Admission.Check(new() { MilliCpu = 100 }, Allocatable, new(), 3, [new("10.0.0.2", Protocol.TCP, 80)], held);

        Assert.Equal(("NodePorts", "Pod was rejected: Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports"), refusal);
        Assert.Equal("OutOfcpu", shortOfCpu?.Reason); // resources are checked first, as upstream
        Assert.Null(otherProtocol);
        Assert.Null(otherAddress);
    }
}
