using OrleansKube.Manifests.Printing;
using OrleansKube.Model.Autoscaling;

namespace OrleansKube.Tests.Autoscaling;

public class HorizontalPodAutoscalerReconcilerTests
{
    private readonly AutoscalerWorld _world = new();

    /// <summary>One pass over a Deployment's pods (cpu request 100m each) with windows of zero; the count it writes.</summary>
    public sealed record ReplicaCase(string Sentence, int Current, string[] CpuUsages, int Expected, int Min = 1, int Max = 10, MetricSpec[]? Metrics = null, string[]? Unready = null, string? MemoryUsage = null)
    {
        public override string ToString() => Sentence;
    }

    private static readonly MetricTarget AverageOf100m = new() { Type = MetricTargetType.AverageValue, AverageValue = Quantity.Parse("100m") };

    public static TheoryData<ReplicaCase> ReplicaCases() =>
    [
        new ReplicaCase("utilization twice the target doubles the replicas", 2, ["100m", "100m"], 4),
        new ReplicaCase("utilization within the 10 % tolerance keeps the count", 2, ["54m", "54m"], 2),
        new ReplicaCase("utilization just past the tolerance moves it", 2, ["56m", "56m"], 3),
        new ReplicaCase("utilization far below the target scales down", 4, ["10m", "10m", "10m", "10m"], 1),
        new ReplicaCase("maxReplicas clamps a scale-up", 2, ["500m", "500m"], 5, Max: 5),
        new ReplicaCase("minReplicas clamps a scale-down", 4, ["10m", "10m", "10m", "10m"], 2, Min: 2),
        new ReplicaCase("a pending pod counts as idle on a scale-up", 3, ["100m", "100m"], 4, Unready: ["pending"]),
        new ReplicaCase("a pod not yet ready is left out of a scale-down", 3, ["10m", "10m"], 1, Unready: ["500m"]),
        new ReplicaCase("a percentage of the request is read against it", 2, ["100%", "100%"], 4),
        new ReplicaCase("a schedule is read at the pod's age (ten minutes)", 2, ["10m; 60s=100m; 3600s=10m", "10m; 60s=100m; 3600s=10m"], 4),
        new ReplicaCase("an AverageValue target compares the average use", 2, ["300m", "300m"], 6, Metrics: [AutoscalerWorld.Resource("cpu", AverageOf100m)]),
        new ReplicaCase("an AverageValue target within the tolerance keeps the count", 2, ["105m", "95m"], 2, Metrics: [AutoscalerWorld.Resource("cpu", AverageOf100m)]),
        new ReplicaCase("memory utilization scales on the memory request", 2, ["0m", "0m"], 4, Metrics: [AutoscalerWorld.Resource("memory", new() { Type = MetricTargetType.Utilization, AverageUtilization = 75 })], MemoryUsage: "192Mi"),
        new ReplicaCase("of two metrics the larger proposal wins", 2, ["50m", "50m"], 6,
            Metrics: [AutoscalerWorld.Cpu(50), AutoscalerWorld.Resource("memory", new() { Type = MetricTargetType.Utilization, AverageUtilization = 50 })], MemoryUsage: "192Mi"),
    ];

    [Theory]
    [MemberData(nameof(ReplicaCases))]
    public async Task Sync_OnePass_WritesTheCountUpstreamWould(ReplicaCase c)
    {
        _world.Deployment(c.Current);
        _world.Autoscaler(s => (s.Behavior, s.Metrics) = (AutoscalerWorld.Immediate(), c.Metrics?.ToList() ?? s.Metrics), c.Min, c.Max);
        foreach (var usage in c.CpuUsages)
        {
            _world.Pod(usage, memoryUsage: c.MemoryUsage);
        }

        foreach (var unready in c.Unready ?? [])
        {
            if (unready == "pending")
            {
                _world.Pod("0m", PodPhase.Pending);
            }
            else
            {
                _world.Pod(unready, ready: false, age: TimeSpan.FromSeconds(20));
            }
        }

        await _world.PassAsync();

        Assert.Equal(c.Expected, _world.Replicas);
        Assert.Equal(c.Expected, _world.Hpa.Status!.DesiredReplicas);
        Assert.Equal(c.Current, _world.Hpa.Status.CurrentReplicas);
    }

    [Fact]
    public async Task Sync_ScalingUp_RecordsUpstreamsEventConditionsAndStatus()
    {
        _world.Deployment(2);
        _world.Autoscaler();
        _world.Pod("100m");
        _world.Pod("100m");

        await _world.PassAsync();

        Assert.Equal(["Normal SuccessfulRescale New size: 4; reason: cpu resource utilization (percentage of request) above target"], _world.Api.Events);
        var status = _world.Hpa.Status!;
        Assert.Equal(AutoscalerWorld.Start, status.LastScaleTime);
        Assert.Equal(1, status.ObservedGeneration);
        var cpu = Assert.Single(status.CurrentMetrics!).Resource!;
        Assert.Equal(("cpu", 100, "100m"), (cpu.Name, cpu.Current!.AverageUtilization, cpu.Current.AverageValue.ToString()));
        Assert.Equal(("True", "SucceededRescale", "the HPA controller was able to update the target scale to 4"), Of(_world.Condition("AbleToScale")));
        Assert.Equal(("True", "ValidMetricFound", "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)"), Of(_world.Condition("ScalingActive")));
        Assert.Equal(("False", "DesiredWithinRange", "the desired count is within the acceptable range"), Of(_world.Condition("ScalingLimited")));
    }

    [Fact]
    public async Task Sync_UsageFalls_ScaleDownWaitsForTheStabilizationWindow()
    {
        _world.Deployment(2);
        _world.Autoscaler(s => s.Behavior = new HorizontalPodAutoscalerBehavior()); // upstream's defaults: scale-down window 300 s
        _world.Pod("100m");
        _world.Pod("100m");
        await _world.PassAsync();
        Assert.Equal(4, _world.Replicas);

        _world.Use("10m");
        await _world.RunUntilAsync(TimeSpan.FromSeconds(285));
        Assert.Equal(4, _world.Replicas);
        Assert.Equal(("True", "ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation"), Of(_world.Condition("AbleToScale")));

        await _world.RunUntilAsync(TimeSpan.FromSeconds(300));
        Assert.Equal(1, _world.Replicas);
        Assert.Equal("Normal SuccessfulRescale New size: 1; reason: All metrics below target", _world.Api.Events[^1]);
    }

    [Fact]
    public async Task Sync_WithoutBehavior_DoublesAtMostAndHoldsScaleDownForFiveMinutes()
    {
        _world.Deployment(1);
        _world.Autoscaler(max: 100);
        _world.Pod("1000m"); // 1000 % of the request against 50 %: twenty replicas wanted
        await _world.PassAsync();
        Assert.Equal(4, _world.Replicas);
        Assert.Equal(("True", "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate"), Of(_world.Condition("ScalingLimited")));

        var sizes = new List<int>();
        foreach (var second in new[] { 15, 30, 45 })
        {
            await _world.RunUntilAsync(TimeSpan.FromSeconds(second));
            sizes.Add(_world.Replicas);
        }

        Assert.Equal([8, 16, 20], sizes);

        // The last recommendation of twenty (at 45 s) holds the count for the five minutes after it, then the low one wins.
        _world.Use("1m");
        await _world.RunUntilAsync(TimeSpan.FromSeconds(345));
        Assert.Equal(20, _world.Replicas);
        await _world.RunUntilAsync(TimeSpan.FromSeconds(360));
        Assert.Equal(1, _world.Replicas);
    }

    [Fact]
    public async Task Sync_ScaleUpPolicy_AddsNoMoreThanItsPodsPerPeriod()
    {
        _world.Deployment(2);
        _world.Autoscaler(s => s.Behavior = new HorizontalPodAutoscalerBehavior
        {
            ScaleUp = new HpaScalingRules { Policies = [new() { Type = HpaScalingPolicyType.Pods, Value = 1, PeriodSeconds = 60 }] },
        });
        _world.Pod("500m");
        _world.Pod("500m");

        await _world.PassAsync();
        Assert.Equal(3, _world.Replicas);
        Assert.Equal(("True", "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate"), Of(_world.Condition("ScalingLimited")));

        await _world.RunUntilAsync(TimeSpan.FromSeconds(45));
        Assert.Equal(3, _world.Replicas);

        await _world.RunUntilAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(4, _world.Replicas);
    }

    [Fact]
    public async Task Sync_PercentPolicyWithSelectMin_TakesTheSmallerAllowance()
    {
        _world.Deployment(4);
        _world.Autoscaler(s => s.Behavior = new HorizontalPodAutoscalerBehavior
        {
            ScaleUp = new HpaScalingRules
            {
                SelectPolicy = ScalingPolicySelect.Min,
                Policies = [new() { Type = HpaScalingPolicyType.Percent, Value = 50, PeriodSeconds = 15 }, new() { Type = HpaScalingPolicyType.Pods, Value = 4, PeriodSeconds = 15 }],
            },
        }, max: 20);
        for (var i = 0; i < 4; i++)
        {
            _world.Pod("200m");
        }

        await _world.PassAsync();

        Assert.Equal(6, _world.Replicas); // +50 % (2) rather than +4
    }

    [Fact]
    public async Task Sync_ScaleDownDisabled_NeverScalesDown()
    {
        _world.Deployment(4);
        _world.Autoscaler(s => s.Behavior = new HorizontalPodAutoscalerBehavior
        {
            ScaleDown = new HpaScalingRules { StabilizationWindowSeconds = 0, SelectPolicy = ScalingPolicySelect.Disabled },
        });
        for (var i = 0; i < 4; i++)
        {
            _world.Pod("5m");
        }

        await _world.RunUntilAsync(TimeSpan.FromMinutes(10));

        Assert.Equal(4, _world.Replicas);
        Assert.Equal(("True", "ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate"), Of(_world.Condition("ScalingLimited")));
    }

    [Fact]
    public async Task Sync_ContainerWithoutRequest_ReportsUpstreamsMessageAndKeepsTheCount()
    {
        _world.Deployment(2);
        _world.Autoscaler();
        _world.Pod("100m", requests: false);

        await _world.PassAsync();

        Assert.Equal(2, _world.Replicas);
        Assert.Equal(("False", "FailedGetResourceMetric", "the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container app of Pod web-0"), Of(_world.Condition("ScalingActive")));
        Assert.Contains("Warning FailedComputeMetricsReplicas invalid metrics (1 invalid out of 1), first error is: failed to get cpu utilization: missing request for cpu in container app of Pod web-0", _world.Api.Events);
        Assert.Equal("cpu: <unknown>/50%", ObjectTables.For(Kinds.HorizontalPodAutoscaler, [_world.Hpa], _world.Api.Now).Rows[0].Cells[2]);
    }

    [Fact]
    public async Task Sync_OnlyUnreadyPods_SaysMetricsWereNotReceived()
    {
        _world.Deployment(1);
        _world.Autoscaler();
        _world.Pod("100m", ready: false, age: TimeSpan.FromSeconds(10));

        await _world.PassAsync();

        Assert.Equal("the HPA was unable to compute the replica count: failed to get cpu utilization: did not receive metrics for targeted pods (pods might be unready)", _world.Condition("ScalingActive").Message);
    }

    [Fact]
    public async Task Sync_ReplicaSetTarget_IsScaledThroughTheSameScalePath()
    {
        _world.Api.Put(new ReplicaSet
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "default" },
            Spec = new ReplicaSetSpec { Replicas = 2, Selector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } } },
        });
        _world.Autoscaler(s => s.ScaleTargetRef = new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web" });
        _world.Pod("100m");
        _world.Pod("100m");

        await _world.PassAsync();

        Assert.Contains("scale web 4", _world.Api.Calls);
    }

    [Theory]
    [InlineData("apps/v1", "DaemonSet", "the server could not find the requested resource")]
    [InlineData("example.com/v1", "Widget", "unable to determine resource for scale target reference: no matches for kind \"Widget\" in group \"example.com\"")]
    public async Task Sync_TargetWithoutScale_CannotGetScale(string apiVersion, string kind, string problem)
    {
        _world.Autoscaler(s => s.ScaleTargetRef = new CrossVersionObjectReference { ApiVersion = apiVersion, Kind = kind, Name = "web" });

        await _world.PassAsync();

        Assert.Equal($"the HPA controller was unable to get the target's current scale: {problem}", _world.Condition("AbleToScale").Message);
    }

    [Fact]
    public async Task Sync_MissingTarget_CannotGetScale()
    {
        _world.Autoscaler();

        await _world.PassAsync();

        Assert.Equal(("False", "FailedGetScale", "the HPA controller was unable to get the target's current scale: deployments.apps \"web\" not found"), Of(_world.Condition("AbleToScale")));
        Assert.Equal(["Warning FailedGetScale deployments.apps \"web\" not found"], _world.Api.Events);
    }

    [Fact]
    public async Task Sync_TargetScaledToZero_DisablesScaling()
    {
        _world.Deployment(0);
        _world.Autoscaler();

        await _world.PassAsync();

        Assert.Equal(0, _world.Replicas);
        Assert.Equal(("False", "ScalingDisabled", "scaling is disabled since the replica count of the target is zero"), Of(_world.Condition("ScalingActive")));
    }

    [Fact]
    public async Task Sync_TargetAboveMax_ScalesToMaxWithoutMetrics()
    {
        _world.Deployment(12);
        _world.Autoscaler(max: 5);

        await _world.PassAsync();

        Assert.Equal(5, _world.Replicas);
        Assert.Equal(["Normal SuccessfulRescale New size: 5; reason: Current number of replicas above Spec.MaxReplicas"], _world.Api.Events);
    }

    [Fact]
    public async Task Sync_PodsMetric_IsStoredButReportedAsNotSimulated()
    {
        _world.Deployment(2);
        _world.Autoscaler(s => s.Metrics = [new MetricSpec { Type = MetricSourceType.Pods, Pods = new PodsMetricSource { Metric = new MetricIdentifier { Name = "qps" }, Target = new MetricTarget { Type = MetricTargetType.AverageValue, AverageValue = Quantity.Parse("10") } } }]);
        _world.Pod("100m");

        await _world.PassAsync();

        Assert.Equal(2, _world.Replicas);
        Assert.Equal(("False", "FailedGetPodsMetric"), (Of(_world.Condition("ScalingActive")).Item1, Of(_world.Condition("ScalingActive")).Item2));
    }

    [Fact]
    public async Task Sync_UnchangedReading_WritesNoStatus()
    {
        _world.Deployment(2);
        _world.Autoscaler();
        _world.Pod("50m");
        _world.Pod("50m");
        await _world.PassAsync();
        var writes = _world.Api.Calls.Count;

        _world.Api.Now += TimeSpan.FromSeconds(15);
        await _world.PassAsync();

        Assert.Equal(writes, _world.Api.Calls.Count);
    }

    private static (string, string?, string?) Of(HorizontalPodAutoscalerCondition condition) => (condition.Status.ToString(), condition.Reason, condition.Message);
}
