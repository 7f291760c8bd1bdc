using OrleansKube.Control.Scheduling.Configuration;
using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Manifests.Reading;

namespace OrleansKube.Tests.Scheduling;

public class SchedulingFrameworkTests
{
    [Theory]
    [InlineData(null, 50, 50)]
    [InlineData(null, 100, 100)]
    [InlineData(null, 1000, 420)]
    [InlineData(null, 5000, 500)]
    [InlineData(null, 15000, 750)]
    [InlineData(10, 5000, 500)]
    [InlineData(1, 5000, 100)]
    [InlineData(100, 5000, 5000)]
    public void NumFeasibleNodesToFind_FollowsUpstreamsAdaptiveDefault(int? percentage, int nodes, int expected)
    {
        Assert.Equal(expected, SchedulingFramework.NumFeasibleNodesToFind(percentage, nodes));
    }

    [Fact]
    public void Schedule_NoNodeFits_AggregatesReasonsAsUpstream()
    {
        var nodes = new List<Node>();
        nodes.AddRange(Enumerable.Range(0, 3).Select(i => Build.Node($"small-{i}", cpu: "1")));
        nodes.AddRange(Enumerable.Range(0, 2).Select(i => Build.Node($"gpu-{i}", cpu: "8", taints: [Build.Taint("gpu", "true", TaintEffect.NoSchedule)])));
        var framework = new SchedulingFramework(PluginRegistry.DefaultProfile(), new Random(1));

        var result = framework.Schedule(new PodInfo(Build.Pod(cpu: "2")), Build.Snapshot(nodes));

        Assert.False(result.Succeeded);
        Assert.Equal("0/5 nodes are available: 2 node(s) had untolerated taint {gpu: true}, 3 Insufficient cpu.", result.Diagnosis.Message());
    }

    [Fact]
    public void DiagnosisMessage_SortsReasonStringsAsText_AsUpstream()
    {
        var diagnosis = new Diagnosis { NodeCount = 17 };
        for (var i = 0; i < 6; i++)
        {
            diagnosis.Record(Status.Unschedulable("Insufficient nvidia.com/gpu"));
        }

        for (var i = 0; i < 11; i++)
        {
            diagnosis.Record(Status.Unschedulable("node(s) didn't match Pod's node affinity/selector"));
        }

        // Upstream's FitError sorts "11 node(s)…" before "6 Insufficient…": the counts are part of the text.
        Assert.Equal("0/17 nodes are available: 11 node(s) didn't match Pod's node affinity/selector, 6 Insufficient nvidia.com/gpu.", diagnosis.Message());
    }

    [Fact]
    public void Schedule_WeightedScores_PickTheBestNode()
    {
        var snapshot = Build.Snapshot([Build.Node("busy"), Build.Node("idle")], ("busy", Build.Pod("a", cpu: "3", memory: "6Gi")));
        var framework = new SchedulingFramework(PluginRegistry.DefaultProfile(), new Random(1));

        var result = framework.Schedule(new PodInfo(Build.Pod(cpu: "500m", memory: "512Mi")), snapshot);

        Assert.Equal("idle", result.NodeName);
        Assert.Equal(2, result.FeasibleNodes);
    }

    [Fact]
    public void Schedule_TiedNodes_AreChosenAtRandomAmongTheBest()
    {
        var snapshot = Build.Snapshot(Enumerable.Range(0, 4).Select(i => Build.Node($"n{i}")));
        var framework = new SchedulingFramework(PluginRegistry.DefaultProfile(), new Random(7));

        var chosen = Enumerable.Range(0, 200).Select(_ => framework.Schedule(new PodInfo(Build.Pod(cpu: "100m")), snapshot).NodeName).ToHashSet();

        Assert.Equal(["n0", "n1", "n2", "n3"], chosen.Order());
    }

    [Fact]
    public void Schedule_LargeCluster_StopsFilteringOnceEnoughNodesAreFeasible()
    {
        var snapshot = Build.Snapshot(Enumerable.Range(0, 1000).Select(i => Build.Node($"n{i}")));
        var framework = new SchedulingFramework(PluginRegistry.DefaultProfile(), new Random(1));

        var first = framework.Schedule(new PodInfo(Build.Pod(cpu: "100m")), snapshot);
        var second = framework.Schedule(new PodInfo(Build.Pod(cpu: "100m")), snapshot);

        Assert.Equal((420, 420), (first.EvaluatedNodes, first.FeasibleNodes));
        Assert.Equal(420, second.EvaluatedNodes);
    }

    [Fact]
    public void Configuration_ProfilesPluginsWeightsAndShards_AreRead()
    {
        const string yaml = """
            apiVersion: kubescheduler.config.k8s.io/v1
            kind: KubeSchedulerConfiguration
            shards: 4
            profiles:
            - schedulerName: default-scheduler
            - schedulerName: bin-packer
              percentageOfNodesToScore: 100
              shards: 2
              plugins:
                score:
                  disabled: [{name: NodeResourcesBalancedAllocation}, {name: ImageLocality}]
                  enabled: [{name: NodeResourcesFit, weight: 5}]
                filter:
                  disabled: [{name: TaintToleration}]
              pluginConfig:
              - name: NodeResourcesFit
                args:
                  scoringStrategy:
                    type: MostAllocated
                    resources: [{name: cpu, weight: 1}]
            """;

        var config = SchedulerConfiguration.Parse(yaml, "sched.yaml");
        var packer = PluginRegistry.BuildProfile(config.Profiles![1], config);

        Assert.Equal(4, config.Shards);
        Assert.Equal(2, config.Profiles[1].Shards);
        Assert.Equal(100, packer.PercentageOfNodesToScore);
        Assert.DoesNotContain(packer.Filter, p => p.Name == "TaintToleration");
        Assert.Contains(packer.Score, s => s.Plugin.Name == "NodeResourcesFit" && s.Weight == 5);
        Assert.DoesNotContain(packer.Score, s => s.Plugin.Name is "ImageLocality" or "NodeResourcesBalancedAllocation");
        Assert.Equal(Control.Scheduling.Plugins.NodeResourcesFit.ScoringStrategyType.MostAllocated,
            ((Control.Scheduling.Plugins.NodeResourcesFit.NodeResourcesFitPlugin)packer.Score.Single(s => s.Plugin.Name == "NodeResourcesFit").Plugin).Strategy.Type);
    }

    [Fact]
    public void Configuration_UnknownPlugin_IsRefusedByName()
    {
        var error = Assert.Throws<ManifestException>(() => SchedulerConfiguration.Parse("profiles:\n- schedulerName: x\n  plugins:\n    score:\n      enabled: [{name: Magic}]\n", "s.yaml"));

        Assert.Contains("plugin \"Magic\" does not exist", error.Message);
    }
}
