using OrleansKube.Manifests.Defaulting;
using OrleansKube.Manifests.Printing;
using OrleansKube.Manifests.Reading;
using OrleansKube.Manifests.Simulation;
using OrleansKube.Manifests.Validation;
using OrleansKube.Model.Autoscaling;

namespace OrleansKube.Tests.Autoscaling;

/// <summary>A HorizontalPodAutoscaler as the API takes it in (defaults, validation), prints it, and the usage annotations the autoscaler reads.</summary>
public class AutoscalerManifestTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static HorizontalPodAutoscaler Hpa(Action<HorizontalPodAutoscalerSpec>? edit = null)
    {
        var spec = new HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
            MaxReplicas = 10,
            Metrics = [AutoscalerWorld.Cpu(50)],
        };
        edit?.Invoke(spec);
        return new HorizontalPodAutoscaler { Metadata = new ObjectMeta { Name = "web", Namespace = "default", CreationTimestamp = Now.AddMinutes(-3) }, Spec = spec };
    }

    public sealed record ValidationCase(string Sentence, Action<HorizontalPodAutoscalerSpec> Edit, string Error)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<ValidationCase> ValidationCases() =>
    [
        new ValidationCase("maxReplicas left out", s => s.MaxReplicas = 0, "spec.maxReplicas: Invalid value: 0: must be greater than 0"),
        new ValidationCase("maxReplicas below minReplicas", s => (s.MinReplicas, s.MaxReplicas) = (5, 3), "spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`"),
        new ValidationCase("minReplicas zero", s => s.MinReplicas = 0, "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1"),
        new ValidationCase("no target name", s => s.ScaleTargetRef!.Name = "", "spec.scaleTargetRef.name: Required value"),
        new ValidationCase("a resource metric without a target value", s => s.Metrics![0].Resource!.Target = new MetricTarget { Type = MetricTargetType.Utilization },
            "spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization"),
        new ValidationCase("a utilization of zero", s => s.Metrics![0].Resource!.Target!.AverageUtilization = 0, "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0"),
        new ValidationCase("a type without its source", s => s.Metrics![0].Type = MetricSourceType.Pods, "spec.metrics[0].pods: Required value: must populate information for the given metric source"),
        new ValidationCase("a window over an hour", s => s.Behavior = new() { ScaleDown = new() { StabilizationWindowSeconds = 3601 } },
            "spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 3601: must be less than or equal to 3600"),
        new ValidationCase("a policy of no pods", s => s.Behavior = new() { ScaleUp = new() { Policies = [new() { Type = HpaScalingPolicyType.Pods, Value = 0, PeriodSeconds = 15 }] } },
            "spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero"),
        new ValidationCase("a policy period over half an hour", s => s.Behavior = new() { ScaleUp = new() { Policies = [new() { Type = HpaScalingPolicyType.Pods, Value = 1, PeriodSeconds = 1801 }] } },
            "spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 1801: must be less than or equal to 1800"),
    ];

    [Theory]
    [MemberData(nameof(ValidationCases))]
    public void Validate_BadSpec_NamesTheFieldAsUpstream(ValidationCase c)
    {
        var hpa = Hpa(c.Edit);
        ObjectDefaults.Apply(hpa);

        Assert.Contains(c.Error, ObjectValidator.Validate(hpa).Select(e => e.ToString()));
    }

    [Fact]
    public void Validate_DefaultedSpec_HasNoErrors()
    {
        var hpa = Hpa(s => s.Behavior = new HorizontalPodAutoscalerBehavior());
        ObjectDefaults.Apply(hpa);

        Assert.Empty(ObjectValidator.Validate(hpa));
    }

    [Fact]
    public void Apply_Defaults_AsUpstreamsV2()
    {
        var bare = Hpa(s => s.Metrics = null);
        var withBehavior = Hpa(s => s.Behavior = new HorizontalPodAutoscalerBehavior { ScaleDown = new HpaScalingRules { StabilizationWindowSeconds = 60 } });

        ObjectDefaults.Apply(bare);
        ObjectDefaults.Apply(withBehavior);

        Assert.Equal(1, bare.Spec!.MinReplicas);
        Assert.Equal(80, Assert.Single(bare.Spec.Metrics!).Resource!.Target!.AverageUtilization);
        Assert.Null(bare.Spec.Behavior);
        var up = withBehavior.Spec!.Behavior!.ScaleUp!;
        var down = withBehavior.Spec.Behavior.ScaleDown!;
        Assert.Equal((0, ScalingPolicySelect.Max), (up.StabilizationWindowSeconds, up.SelectPolicy));
        Assert.Equal(["Percent 100/15s", "Pods 4/15s"], up.Policies!.Select(p => $"{p.Type} {p.Value}/{p.PeriodSeconds}s"));
        Assert.Equal((60, ScalingPolicySelect.Max), (down.StabilizationWindowSeconds, down.SelectPolicy));
        Assert.Equal(["Percent 100/15s"], down.Policies!.Select(p => $"{p.Type} {p.Value}/{p.PeriodSeconds}s"));
    }

    [Fact]
    public void Read_UpstreamManifest_KeepsEveryMetricType()
    {
        const string Yaml = """
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata:
              name: web
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              minReplicas: 2
              maxReplicas: 10
              metrics:
              - type: Resource
                resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
              - type: Pods
                pods: {metric: {name: packets-per-second}, target: {type: AverageValue, averageValue: 1k}}
              - type: Object
                object:
                  metric: {name: requests-per-second}
                  describedObject: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: main-route}
                  target: {type: Value, value: 10k}
              - type: External
                external: {metric: {name: queue_messages_ready, selector: {matchLabels: {queue: worker_tasks}}}, target: {type: AverageValue, averageValue: "30"}}
              - type: ContainerResource
                containerResource: {name: memory, container: app, target: {type: AverageValue, averageValue: 100Mi}}
              behavior:
                scaleDown:
                  stabilizationWindowSeconds: 120
                  selectPolicy: Min
                  policies: [{type: Pods, value: 1, periodSeconds: 60}]
            """;

        var hpa = Assert.IsType<HorizontalPodAutoscaler>(Assert.Single(ManifestReader.ReadText(Yaml, "hpa.yaml")).Object);
        ObjectDefaults.Apply(hpa);

        Assert.Empty(ObjectValidator.Validate(hpa));
        Assert.Equal([MetricSourceType.Resource, MetricSourceType.Pods, MetricSourceType.Object, MetricSourceType.External, MetricSourceType.ContainerResource], hpa.Spec!.Metrics!.Select(m => m.Type));
        Assert.Equal("worker_tasks", hpa.Spec.Metrics![3].External!.Metric!.Selector!.MatchLabels!["queue"]);
        Assert.Equal(ScalingPolicySelect.Min, hpa.Spec.Behavior!.ScaleDown!.SelectPolicy);
        Assert.Equal("cpu: <unknown>/50%, <unknown>/1k + 3 more...", ObjectTables.For(Kinds.HorizontalPodAutoscaler, [hpa], Now).Rows[0].Cells[2]);
    }

    [Fact]
    public void Table_ReadAutoscaler_ShowsUpstreamsCells()
    {
        var hpa = Hpa(s => s.MinReplicas = 2);
        hpa.Status = new HorizontalPodAutoscalerStatus
        {
            CurrentReplicas = 4,
            DesiredReplicas = 4,
            CurrentMetrics = [new MetricStatus { Type = MetricSourceType.Resource, Resource = new ResourceMetricStatus { Name = "cpu", Current = new MetricValueStatus { AverageUtilization = 75 } } }],
        };

        var row = ObjectTables.For(Kinds.HorizontalPodAutoscaler, [hpa], Now).Rows[0];

        Assert.Equal<object?>(["web", "Deployment/web", "cpu: 75%/50%", "2", 10L, 4L, "3m"], row.Cells);
    }

    public sealed record UsageCase(string Sentence, string Annotation, int AgeSeconds, long ExpectedMilli)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<UsageCase> UsageCases() =>
    [
        new UsageCase("a quantity is the pod's use", "400m", 10, 400),
        new UsageCase("a percentage is of the pod's request (100m)", "250%", 10, 250),
        new UsageCase("a schedule starts with its first value", "100m; 60s=500m; 300s=100m", 59, 100),
        new UsageCase("a schedule's step holds from its offset", "100m; 60s=500m; 300s=100m", 60, 500),
        new UsageCase("a schedule's last step holds for ever", "100m; 60s=500m; 300s=20%", 4000, 20),
    ];

    [Theory]
    [MemberData(nameof(UsageCases))]
    public void Usage_CpuAnnotation_ReadAtThePodsAge(UsageCase c)
    {
        var world = new AutoscalerWorld();
        var pod = world.Pod(c.Annotation, age: TimeSpan.FromSeconds(c.AgeSeconds));

        Assert.Equal(c.ExpectedMilli, Control.Autoscaling.SimulatedMetrics.Usage(pod, "cpu", world.Api.Now));
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("100m; 500m")]
    [InlineData("100m; 60s=500m; 30s=100m")]
    [InlineData("60s=100m")]
    [InlineData("-5%")]
    public void Validate_BadCpuUsage_IsRefused(string annotation)
    {
        var errors = new List<FieldError>();

        WorkloadBehaviour.Validate(new Dictionary<string, string> { [WorkloadBehaviour.CpuUsageKey] = annotation }, "metadata.annotations", errors);

        Assert.StartsWith($"metadata.annotations[sim.orleanskube.io/cpu-usage]: Invalid value: \"{annotation}\": must be a quantity of cpu", Assert.Single(errors).ToString());
    }
}
