using OrleansKube.Control.Autoscaling;
using OrleansKube.Manifests.Simulation;
using OrleansKube.Model.Autoscaling;
using OrleansKube.Tests.Workloads;

namespace OrleansKube.Tests.Autoscaling;

/// <summary>A Deployment "web" (pods app=web), its pods as the kubelet would report them, and an autoscaler "web" over it, driven pass by pass.</summary>
internal sealed class AutoscalerWorld
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ScalingHistory _history = new();
    private readonly ReplicaCalculator _calculator = new();

    public RecordingObjectControl Api { get; } = new(Start);

    public List<Pod> Pods { get; } = [];

    public HorizontalPodAutoscaler Hpa => Api.Get<HorizontalPodAutoscaler>("web");

    public int Replicas => Api.Get<Deployment>("web").Spec!.Replicas!.Value;

    public void Deployment(int replicas) =>
        Api.Put(new Deployment
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "default" },
            Spec = new DeploymentSpec { Replicas = replicas, Selector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } } },
        });

    public void Autoscaler(Action<HorizontalPodAutoscalerSpec>? edit = null, int min = 1, int max = 10)
    {
        var spec = new HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
            MinReplicas = min,
            MaxReplicas = max,
            Metrics = [Cpu(50)],
        };
        edit?.Invoke(spec);
        Api.Put(new HorizontalPodAutoscaler { Metadata = new ObjectMeta { Name = "web", Namespace = "default" }, Spec = spec });
    }

    public static MetricSpec Cpu(int percent) => Resource("cpu", new MetricTarget { Type = MetricTargetType.Utilization, AverageUtilization = percent });

    public static MetricSpec Resource(string name, MetricTarget target) =>
        new() { Type = MetricSourceType.Resource, Resource = new ResourceMetricSource { Name = name, Target = target } };

    /// <summary>Windows of zero and no rate limits worth speaking of: what one pass decides is the calculator's and the clamps'.</summary>
    public static HorizontalPodAutoscalerBehavior Immediate() => new()
    {
        ScaleUp = new HpaScalingRules { StabilizationWindowSeconds = 0, Policies = [new() { Type = HpaScalingPolicyType.Percent, Value = 1000, PeriodSeconds = 15 }] },
        ScaleDown = new HpaScalingRules { StabilizationWindowSeconds = 0, Policies = [new() { Type = HpaScalingPolicyType.Percent, Value = 100, PeriodSeconds = 15 }] },
    };

    /// <summary>A pod of the Deployment that has run (and been ready) for ten minutes, using <paramref name="cpuUsage"/> of its 100m cpu request.</summary>
    public Pod Pod(string cpuUsage, PodPhase phase = PodPhase.Running, bool ready = true, TimeSpan? age = null, string? memoryUsage = null, bool requests = true)
    {
        var started = Api.Now - (age ?? TimeSpan.FromMinutes(10));
        var annotations = new Dictionary<string, string> { [WorkloadBehaviour.CpuUsageKey] = cpuUsage };
        if (memoryUsage is not null)
        {
            annotations[WorkloadBehaviour.MemoryUsageKey] = memoryUsage;
        }

        var pod = new Pod
        {
            Metadata = new ObjectMeta { Name = $"web-{Pods.Count}", Namespace = "default", Labels = new() { ["app"] = "web" }, Annotations = annotations },
            Spec = new PodSpec
            {
                Containers =
                [
                    new Container
                    {
                        Name = "app",
                        Image = "nginx",
                        Resources = requests ? new ResourceRequirements { Requests = new() { ["cpu"] = Quantity.Parse("100m"), ["memory"] = Quantity.Parse("128Mi") } } : null,
                    },
                ],
            },
            Status = phase == PodPhase.Pending ? new PodStatus { Phase = PodPhase.Pending } : new PodStatus
            {
                Phase = phase,
                StartTime = started,
                Conditions = [new PodCondition { Type = "Ready", Status = ready ? ConditionStatus.True : ConditionStatus.False, LastTransitionTime = started }],
                ContainerStatuses = [new ContainerStatus { Name = "app", Ready = ready, State = new ContainerState { Running = new ContainerStateRunning { StartedAt = started } } }],
            },
        };
        Pods.Add(pod);
        return pod;
    }

    /// <summary>Every pod now uses <paramref name="cpuUsage"/>.</summary>
    public void Use(string cpuUsage)
    {
        foreach (var pod in Pods)
        {
            pod.Metadata.Annotations![WorkloadBehaviour.CpuUsageKey] = cpuUsage;
        }
    }

    public async Task PassAsync()
    {
        var selected = Pods.Where(p => p.Metadata.Labels?["app"] == "web").ToList();
        await new HorizontalPodAutoscalerReconciler(Api, _calculator).SyncAsync(Hpa, _history, _ => Task.FromResult<IReadOnlyList<Pod>>(selected), Api.Now);
    }

    /// <summary>Passes every sync period until <paramref name="offset"/> after the start.</summary>
    public async Task RunUntilAsync(TimeSpan offset)
    {
        while (Api.Now + HorizontalPodAutoscalerReconciler.SyncPeriod <= Start + offset)
        {
            Api.Now += HorizontalPodAutoscalerReconciler.SyncPeriod;
            await PassAsync();
        }
    }

    public HorizontalPodAutoscalerCondition Condition(string type) => Hpa.Status!.Conditions!.Single(c => c.Type == type);
}
