using OrleansKube.Control.Kubelet;

namespace OrleansKube.Tests.Kubelet;

/// <summary>How a pod's readiness gates fold into its Ready condition, as upstream's kubelet generates it.</summary>
public class ReadinessGatesTests
{
    private static readonly DateTimeOffset Before = new(2026, 12, 4, 21, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Before.AddMinutes(1);

    private static PodSpec Spec(params string[] gates) =>
        new() { Containers = [new Container { Name = "app" }], ReadinessGates = gates.Length == 0 ? null : [.. gates.Select(g => new PodReadinessGate { ConditionType = g })] };

    private static PodCondition Condition(string type, ConditionStatus status, string? reason = null) =>
        new() { Type = type, Status = status, Reason = reason, LastTransitionTime = Before };

    private static PodStatus Status(bool containersReady, params PodCondition[] others) => new()
    {
        Phase = PodPhase.Running,
        Conditions =
        [
            Condition("Ready", containersReady ? ConditionStatus.True : ConditionStatus.False, containersReady ? null : "ContainersNotReady"),
            Condition("ContainersReady", containersReady ? ConditionStatus.True : ConditionStatus.False, containersReady ? null : "ContainersNotReady"),
            .. others,
        ],
    };

    private static PodCondition Ready(PodStatus status) => status.Conditions!.Single(c => c.Type == "Ready");

    public static TheoryData<string, string[], PodCondition[], ConditionStatus, string?, string?> Cases => new()
    {
        { "a gate with no condition yet", ["lb/ready"], [], ConditionStatus.False, "ReadinessGatesNotReady", "corresponding condition of pod readiness gate \"lb/ready\" does not exist." },
        { "a gate that is False", ["lb/ready"], [Condition("lb/ready", ConditionStatus.False)], ConditionStatus.False, "ReadinessGatesNotReady", "the status of pod readiness gate \"lb/ready\" is not \"True\", but False" },
        { "a gate that is True", ["lb/ready"], [Condition("lb/ready", ConditionStatus.True)], ConditionStatus.True, null, null },
        {
            "two gates, each message joined",
            ["lb/ready", "mesh/ready"], [Condition("mesh/ready", ConditionStatus.Unknown)], ConditionStatus.False, "ReadinessGatesNotReady",
            "corresponding condition of pod readiness gate \"lb/ready\" does not exist., the status of pod readiness gate \"mesh/ready\" is not \"True\", but Unknown"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_ContainersReady_ReadyOnlyWhenEveryGateIsTrue(string name, string[] gates, PodCondition[] conditions, ConditionStatus expected, string? reason, string? message)
    {
        var ready = Ready(ReadinessGates.Apply(Spec(gates), Status(containersReady: true, conditions), Now));

        Assert.Equal((expected, reason, message), (ready.Status, ready.Reason, ready.Message));
        Assert.Equal(expected == ConditionStatus.True ? Before : Now, ready.LastTransitionTime); // a changed status moves its transition time
        _ = name;
    }

    [Fact]
    public void Apply_ChangesNothing_WithoutGates_WhileContainersAreNotReady_OrWhenReadyIsAlreadyRight()
    {
        var plain = Status(containersReady: true);
        Assert.Same(plain, ReadinessGates.Apply(Spec(), plain, Now));

        var starting = Status(containersReady: false);
        Assert.Same(starting, ReadinessGates.Apply(Spec("lb/ready"), starting, Now));

        var gated = ReadinessGates.Apply(Spec("lb/ready"), Status(containersReady: true), Now);
        Assert.Same(gated, ReadinessGates.Apply(Spec("lb/ready"), gated, Now.AddMinutes(1)));
    }

    [Fact]
    public void IsGate_NamesOnlyThePodsGates()
    {
        Assert.True(ReadinessGates.IsGate(Spec("lb/ready"), "lb/ready"));
        Assert.False(ReadinessGates.IsGate(Spec("lb/ready"), "Ready"));
        Assert.False(ReadinessGates.IsGate(Spec(), "lb/ready"));
    }
}
