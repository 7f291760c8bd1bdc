using OrleansKube.Control.Scheduling.Configuration;
using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Control.Scheduling.Plugins.DefaultPreemption;
using OrleansKube.Model.Policy;

namespace OrleansKube.Tests.Scheduling;

/// <summary>DefaultPreemption and PodDisruptionBudgets, as upstream's SelectVictimsOnNode and pickOneNodeForPreemption weigh them.</summary>
public class DisruptionBudgetPreemptionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static Pod Prioritized(string name, int priority, string cpu, string app, int startedMinutesAgo = 10) =>
        Build.Pod(name, cpu: cpu, labels: new() { ["app"] = app }, spec: s => s.Priority = priority) with { Status = new PodStatus { StartTime = T0.AddMinutes(-startedMinutesAgo) } };

    private static PodDisruptionBudget Budget(string app, int allowed, params string[] disrupted) => new()
    {
        Metadata = new ObjectMeta { Name = app + "-pdb", Namespace = "default" },
        Spec = new PodDisruptionBudgetSpec { MinAvailable = 1, Selector = new LabelSelector { MatchLabels = new() { ["app"] = app } } },
        Status = new PodDisruptionBudgetStatus { DisruptionsAllowed = allowed, DisruptedPods = disrupted.Length == 0 ? null : disrupted.ToDictionary(d => d, _ => T0) },
    };

    private static SchedulingFramework Framework() => new(PluginRegistry.DefaultProfile(), new Random(1));

    [Fact]
    public void PostFilter_PrefersTheNodeWhoseVictimsNoBudgetProtects_OverALowerPriorityOne()
    {
        // Without budgets "guarded" (priority 10) would be the cheaper victim; its budget allows no disruption.
        var snapshot = Build.Snapshot(
            [Build.Node("guarded-node", cpu: "4"), Build.Node("free-node", cpu: "4")],
            ("guarded-node", Prioritized("guarded", 10, "4", "db")),
            ("free-node", Prioritized("free", 20, "4", "web")));
        snapshot.DisruptionBudgets = [Budget("db", allowed: 0)];

        var result = Framework().RunPostFilter(new PodInfo(Prioritized("p", 1000, "4", "new")), snapshot)!;

        Assert.Equal("free-node", result.Candidate!.NodeName);
        Assert.Equal(0, result.Candidate.PdbViolations);
    }

    [Fact]
    public void PostFilter_WithoutBudgets_TakesTheLowerPriorityVictim()
    {
        var snapshot = Build.Snapshot(
            [Build.Node("guarded-node", cpu: "4"), Build.Node("free-node", cpu: "4")],
            ("guarded-node", Prioritized("guarded", 10, "4", "db")),
            ("free-node", Prioritized("free", 20, "4", "web")));

        Assert.Equal("guarded-node", Framework().RunPostFilter(new PodInfo(Prioritized("p", 1000, "4", "new")), snapshot)!.Candidate!.NodeName);
    }

    [Fact]
    public void SelectVictims_ViolatingPodsAreReprievedFirst_SoTheNonViolatingOneGoes()
    {
        // Room for one of the two 2-cpu pods; "guarded" is more important by start time but its budget forbids the eviction.
        var snapshot = Build.Snapshot(
            [Build.Node("n", cpu: "4")],
            ("n", Prioritized("guarded", 10, "2", "db", startedMinutesAgo: 5)),
            ("n", Prioritized("free", 10, "2", "web", startedMinutesAgo: 60)));
        snapshot.DisruptionBudgets = [Budget("db", allowed: 0)];

        var result = Framework().RunPostFilter(new PodInfo(Prioritized("p", 1000, "2", "new")), snapshot)!;

        Assert.Equal(["free"], result.Candidate!.Victims.Select(v => v.Pod.Metadata.Name));
        Assert.Equal(0, result.Candidate.PdbViolations);
    }

    public sealed record SplitCase(string Sentence, PodDisruptionBudget[] Budgets, string[] Violating)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<SplitCase> SplitCases() =>
    [
        new SplitCase("no budgets: nothing violates", [], []),
        new SplitCase("a budget allowing one: the first of its pods goes free, the second violates", [Budget("db", allowed: 1)], ["db-2"]),
        new SplitCase("a budget allowing none: every pod it selects violates", [Budget("db", allowed: 0)], ["db-1", "db-2"]),
        new SplitCase("a pod whose eviction the API granted takes no disruption", [Budget("db", allowed: 0, "db-1")], ["db-2"]),
        new SplitCase("a budget with an empty selector selects nothing", [Budget("db", allowed: 0) with { Spec = new PodDisruptionBudgetSpec { Selector = new LabelSelector() } }], []),
    ];

    [Theory]
    [MemberData(nameof(SplitCases))]
    public void Split_Victims_AsUpstreamsFilterPodsWithPDBViolation(SplitCase c)
    {
        PodInfo[] pods = [new(Prioritized("db-1", 1, "1", "db")), new(Prioritized("web-1", 1, "1", "web")), new(Prioritized("db-2", 1, "1", "db"))];

        var (violating, nonViolating) = BudgetViolations.Split(pods, c.Budgets);

        Assert.Equal(c.Violating, violating.Select(p => p.Pod.Metadata.Name));
        Assert.Equal(pods.Select(p => p.Pod.Metadata.Name).Except(c.Violating), nonViolating.Select(p => p.Pod.Metadata.Name));
    }
}
