using OrleansKube.Control.Scheduling.Configuration;
using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Control.Scheduling.Plugins.DefaultPreemption;

namespace OrleansKube.Tests.Scheduling;

public class PreemptionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static Pod Prioritized(string name, int priority, string cpu, PreemptionPolicy? policy = null, int startedMinutesAgo = 10) =>
        Build.Pod(name, cpu: cpu, spec: s =>
        {
            s.Priority = priority;
            s.PreemptionPolicy = policy;
        }) with
        { Status = new PodStatus { StartTime = T0.AddMinutes(-startedMinutesAgo) } };

    private static SchedulingFramework Framework() => new(PluginRegistry.DefaultProfile(), new Random(1));

    [Fact]
    public void SeedExample_HighPriorityPodPreemptsBothLowerPods()
    {
        var snapshot = Build.Snapshot([Build.Node("node01", cpu: "10")], ("node01", Prioritized("a", 100, "5")), ("node01", Prioritized("b", 100, "5")));
        var framework = Framework();
        var c = new PodInfo(Prioritized("c", 1000, "10"));

        Assert.False(framework.Schedule(c, snapshot).Succeeded);
        var result = framework.RunPostFilter(c, snapshot)!;

        Assert.Equal("node01", result.Candidate!.NodeName);
        Assert.Equal(["a", "b"], result.Candidate.Victims.Select(v => v.Pod.Metadata.Name).Order());
        Assert.Null(result.Message());
    }

    [Fact]
    public void Victims_AreTheFewestNeeded_MostImportantPodsAreReprieved()
    {
        var snapshot = Build.Snapshot(
            [Build.Node("n", cpu: "10")],
            ("n", Prioritized("p10", 10, "4")),
            ("n", Prioritized("p20", 20, "4")),
            ("n", Prioritized("p5", 5, "2")));
        var framework = Framework();

        var result = framework.RunPostFilter(new PodInfo(Prioritized("big", 100, "4")), snapshot)!;

        // Re-added most important first: p20 fits back with the preemptor, p10 does not, then p5 does.
        Assert.Equal(["p10"], result.Candidate!.Victims.Select(v => v.Pod.Metadata.Name));
    }

    [Fact]
    public void PodsOfEqualOrHigherPriority_AreNeverVictims()
    {
        var snapshot = Build.Snapshot([Build.Node("n", cpu: "4")], ("n", Prioritized("same", 100, "4")));

        var result = Framework().RunPostFilter(new PodInfo(Prioritized("p", 100, "1")), snapshot)!;

        Assert.Null(result.Candidate);
        Assert.Equal("preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.", result.Message());
    }

    [Fact]
    public void TheNodeWithTheLowestHighestVictimPriority_IsChosen()
    {
        var snapshot = Build.Snapshot(
            [Build.Node("low", cpu: "4"), Build.Node("high", cpu: "4")],
            ("high", Prioritized("h", 20, "4")),
            ("low", Prioritized("l", 10, "4")));

        Assert.Equal("low", Framework().RunPostFilter(new PodInfo(Prioritized("p", 1000, "4")), snapshot)!.Candidate!.NodeName);
    }

    [Fact]
    public void EqualHighestPriority_TheSmallerPrioritySumIsChosen()
    {
        var snapshot = Build.Snapshot(
            [Build.Node("two", cpu: "4"), Build.Node("one", cpu: "4")],
            ("two", Prioritized("t1", 10, "2")),
            ("two", Prioritized("t2", 10, "2")),
            ("one", Prioritized("o1", 10, "4")));

        Assert.Equal("one", Framework().RunPostFilter(new PodInfo(Prioritized("p", 1000, "4")), snapshot)!.Candidate!.NodeName);
    }

    [Fact]
    public void AllElseEqual_TheNodeWhoseVictimsStartedLatestIsChosen()
    {
        var snapshot = Build.Snapshot(
            [Build.Node("old", cpu: "4"), Build.Node("new", cpu: "4")],
            ("old", Prioritized("o", 10, "4", startedMinutesAgo: 60)),
            ("new", Prioritized("n", 10, "4", startedMinutesAgo: 1)));

        var result = Framework().RunPostFilter(new PodInfo(Prioritized("p", 1000, "4")), snapshot)!;

        Assert.Equal("new", result.Candidate!.NodeName);
    }

    [Fact]
    public void PreemptionPolicyNever_IsNotEligible()
    {
        var snapshot = Build.Snapshot([Build.Node("n", cpu: "4")], ("n", Prioritized("low", 1, "4")));

        var result = Framework().RunPostFilter(new PodInfo(Prioritized("p", 1000, "4", PreemptionPolicy.Never)), snapshot)!;

        Assert.Null(result.Candidate);
        Assert.Equal("preemption: " + DefaultPreemptionPlugin.NeverPolicyMessage, result.Message());
    }

    [Fact]
    public void UnresolvableNodes_AreNotHelpful_AndNotCandidates()
    {
        var snapshot = Build.Snapshot(
            [Build.Node("tainted", cpu: "4", taints: [Build.Taint("gpu", "true", TaintEffect.NoSchedule)]), Build.Node("small", cpu: "2")],
            ("tainted", Prioritized("t", 1, "4")),
            ("small", Prioritized("s", 1, "2")));

        var result = Framework().RunPostFilter(new PodInfo(Prioritized("p", 1000, "4")), snapshot)!;

        Assert.Null(result.Candidate);
        Assert.Equal("preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.", result.Message());
    }

    [Fact]
    public void PostFilterDisabled_InTheProfile_MeansNoPreemption()
    {
        var profile = PluginRegistry.BuildProfile(
            new ProfileConfiguration { SchedulerName = "no-preemption", Plugins = new ProfilePlugins { PostFilter = new PluginSet { Disabled = [new PluginReference { Name = "DefaultPreemption" }] } } },
            SchedulerConfiguration.Default);
        var snapshot = Build.Snapshot([Build.Node("n", cpu: "4")], ("n", Prioritized("low", 1, "4")));

        Assert.Null(new SchedulingFramework(profile, new Random(1)).RunPostFilter(new PodInfo(Prioritized("p", 1000, "4")), snapshot));
    }

    [Fact]
    public void NominatedPod_KeepsItsRoomFromLowerPriorityPods_ButNotFromHigherOnes()
    {
        var snapshot = Build.Snapshot([Build.Node("n", cpu: "10")]);
        snapshot.Nominate(new PodInfo(Prioritized("c", 1000, "10")), "n");
        var framework = Framework();

        var lower = framework.Schedule(new PodInfo(Prioritized("d", 50, "2")), snapshot);
        var higher = framework.Schedule(new PodInfo(Prioritized("e", 2000, "2")), snapshot);
        var nominatedItself = framework.Schedule(new PodInfo(Prioritized("c", 1000, "10")), snapshot);

        Assert.False(lower.Succeeded);
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu.", lower.Diagnosis.Message());
        Assert.Equal("n", higher.NodeName);
        Assert.Equal("n", nominatedItself.NodeName);
    }
}
