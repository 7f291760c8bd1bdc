using OrleansKube.Control.Nodes;

namespace OrleansKube.Tests.Nodes;

public class DrainPlanTests
{
    private static Pod Pod(string name, string? controllerKind = null, bool emptyDir = false, PodPhase phase = PodPhase.Running) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = "default",
            OwnerReferences = controllerKind is null ? null : [new OwnerReference { Kind = controllerKind, Name = "owner", Uid = "u", Controller = true }],
        },
        Spec = new PodSpec { Volumes = emptyDir ? [new Volume { Name = "scratch", EmptyDir = new EmptyDirVolumeSource() }] : null },
        Status = new PodStatus { Phase = phase },
    };

    public sealed record Case(string Sentence, Pod Pod, DrainOptions Options, bool Evicted, string? Error, string? Warning)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<Case> Cases() =>
    [
        new Case("a ReplicaSet's pod is evicted", Pod("rs", "ReplicaSet"), new(), true, null, null),
        new Case("an unmanaged pod is refused", Pod("bare"), new(), false, DrainPlan.UnmanagedError + ": default/bare", null),
        new Case("an unmanaged pod goes with --force", Pod("bare"), new(Force: true), true, null, DrainPlan.UnmanagedWarning + ": default/bare"),
        new Case("a DaemonSet's pod is refused", Pod("ds", "DaemonSet"), new(), false, DrainPlan.DaemonSetError + ": default/ds", null),
        new Case("a DaemonSet's pod stays with --ignore-daemonsets", Pod("ds", "DaemonSet"), new(IgnoreDaemonSets: true), false, null, DrainPlan.DaemonSetWarning + ": default/ds"),
        new Case("emptyDir data is refused", Pod("cache", "ReplicaSet", emptyDir: true), new(), false, DrainPlan.LocalStorageError + ": default/cache", null),
        new Case("emptyDir data goes with --delete-emptydir-data", Pod("cache", "ReplicaSet", emptyDir: true), new(DeleteEmptyDirData: true), true, null, DrainPlan.LocalStorageWarning + ": default/cache"),
        new Case("a finished unmanaged pod just goes", Pod("done", phase: PodPhase.Succeeded), new(), true, null, null),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Filters_AsKubectlDrain(Case c)
    {
        var plan = DrainPlan.For([c.Pod], c.Options);

        Assert.Equal(c.Evicted, plan.ToEvict.Count == 1);
        Assert.Equal(c.Error is null ? [] : [c.Error], plan.Errors);
        Assert.Equal(c.Warning is null ? [] : [c.Warning], plan.Warnings);
    }

    [Fact]
    public void SeveralRefusals_AreGroupedByReason_AndBracketedTogether()
    {
        var plan = DrainPlan.For([Pod("b"), Pod("a"), Pod("ds", "DaemonSet")], new());

        Assert.Equal([$"{DrainPlan.DaemonSetError}: default/ds", $"{DrainPlan.UnmanagedError}: default/a, default/b"], plan.Errors.Order(StringComparer.Ordinal));
        Assert.StartsWith("[", plan.ErrorText, StringComparison.Ordinal);
        Assert.Empty(plan.ToEvict);
    }

    [Theory]
    [InlineData("0s", 0)]
    [InlineData("0", 0)]
    [InlineData("90s", 90)]
    [InlineData("1m30s", 90)]
    [InlineData("2h", 7200)]
    [InlineData("1.5s", 1.5)]
    public void ParseDuration_GoDurations(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), GoDuration.Parse(text));

    [Theory]
    [InlineData("30")]
    [InlineData("soon")]
    [InlineData("5m junk")]
    public void ParseDuration_RejectsOtherText(string text) => Assert.Null(GoDuration.Parse(text));
}
