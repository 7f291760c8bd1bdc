using OrleansKube.Control.Kubelet;
using OrleansKube.Manifests.Simulation;
using OrleansKube.Manifests.Validation;

namespace OrleansKube.Tests.Kubelet;

public class MemoryPressureTests
{
    private const long Mi = 1024 * 1024;
    private const long Capacity = 4096 * Mi;
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    private static PodMemory Pod(string name, long requestMi, long usageMi, int priority = 0) =>
        new(new Pod { Metadata = new ObjectMeta { Name = name }, Spec = new PodSpec { Priority = priority, Containers = [new Container { Name = "app" }] } }, requestMi * Mi, usageMi * Mi);

    [Fact]
    public void Victim_ExceedingRequestFirst_ThenLowerPriority_ThenMostAboveRequest()
    {
        var withinRequest = Pod("within", 512, 400, priority: -10);
        var bestEffort = Pod("best-effort", 0, 100, priority: 5);
        var burstableLow = Pod("burstable-low", 100, 150, priority: 0);
        var burstableBig = Pod("burstable-big", 100, 900, priority: 0);

        Assert.Equal("burstable-big", MemoryPressure.Victim([withinRequest, bestEffort, burstableLow, burstableBig])!.Name);
        Assert.Equal("burstable-low", MemoryPressure.Victim([withinRequest, bestEffort, burstableLow])!.Name);
        Assert.Equal("best-effort", MemoryPressure.Victim([withinRequest, bestEffort])!.Name);
        Assert.Equal("within", MemoryPressure.Victim([withinRequest])!.Name);
    }

    [Fact]
    public void HardThreshold_EvictsWithUpstreamsMessage_AndPressureOutlastsItByFiveMinutes()
    {
        var manager = new MemoryPressure(new NodeSimulation());

        var eviction = manager.Pass(T0, Capacity, 50 * Mi, [Pod("hog", 0, 300)]);

        Assert.Equal("hog", eviction!.Value.Victim.Name);
        Assert.Equal("The node was low on resource: memory. Threshold quantity: 100Mi, available: 51200Ki. Container app was using 307200Ki, request is 0, has larger consumption of memory.", eviction.Value.Message);
        Assert.Null(manager.Pass(T0 + TimeSpan.FromSeconds(10), Capacity, 350 * Mi, [Pod("other", 0, 10)]));
        Assert.True(manager.UnderPressure(T0 + TimeSpan.FromMinutes(4.9)));
        Assert.False(manager.UnderPressure(T0 + TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void SoftThreshold_EvictsOnlyAfterItsGracePeriod_AndTheClockRestartsWhenRelieved()
    {
        var manager = new MemoryPressure(new NodeSimulation { EvictionSoft = "1Gi", EvictionSoftGracePeriod = TimeSpan.FromSeconds(90) });
        PodMemory[] pods = [Pod("p", 0, 200)];

        Assert.Null(manager.Pass(T0, Capacity, 800 * Mi, pods));
        Assert.True(manager.UnderPressure(T0));
        Assert.Null(manager.Pass(T0 + TimeSpan.FromSeconds(80), Capacity, 800 * Mi, pods));
        Assert.NotNull(manager.Pass(T0 + TimeSpan.FromSeconds(90), Capacity, 800 * Mi, pods));

        Assert.Null(manager.Pass(T0 + TimeSpan.FromSeconds(100), Capacity, 2000 * Mi, pods));
        Assert.Null(manager.Pass(T0 + TimeSpan.FromSeconds(110), Capacity, 800 * Mi, pods));
    }

    [Fact]
    public void PercentThreshold_IsOfCapacity() =>
        Assert.Equal(Capacity / 10, NodeSimulation.Bytes("10%", Capacity));

    [Fact]
    public void NextPass_EveryTenSecondsWhileNearOrUnderPressure_ElseNone()
    {
        var manager = new MemoryPressure(new NodeSimulation());

        Assert.Null(manager.NextPass(T0, 2000 * Mi, Capacity));
        Assert.Equal(T0 + TimeSpan.FromSeconds(10), manager.NextPass(T0, 90 * Mi, Capacity));
    }

    [Fact]
    public void NodeSimulation_ReadsMemoryThresholdsFromKubeletFlags_IgnoringOtherSignals()
    {
        var settings = NodeSimulation.For(new Dictionary<string, string>
        {
            [NodeSimulation.EvictionHardKey] = "nodefs.available<10%,memory.available<200Mi",
            [NodeSimulation.EvictionSoftKey] = "memory.available<5%",
            [NodeSimulation.EvictionSoftGracePeriodKey] = "memory.available=1m30s",
        });

        Assert.Equal(("200Mi", "5%", TimeSpan.FromSeconds(90)), (settings.EvictionHard, settings.EvictionSoft, settings.EvictionSoftGracePeriod));
        Assert.Equal("100Mi", NodeSimulation.For(null).EvictionHard);
    }

    [Fact]
    public void NodeSimulation_Validate_NamesTheAnnotationAndTheReason()
    {
        var errors = new List<FieldError>();

        NodeSimulation.Validate(new Dictionary<string, string> { [NodeSimulation.EvictionHardKey] = "memory.available<lots", [NodeSimulation.EvictionSoftGracePeriodKey] = "memory.available=soon" }, "metadata.annotations", errors);

        Assert.Equal(
        [
            "metadata.annotations[sim.orleanskube.io/eviction-hard]: Invalid value: \"memory.available<lots\": \"lots\" must be a quantity or a percentage",
            "metadata.annotations[sim.orleanskube.io/eviction-soft-grace-period]: Invalid value: \"memory.available=soon\": \"soon\" must be a duration such as 1m30s",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void EvictedPod_IsFailedWithReasonEvicted_AtOnce_ItsContainersStoppedWithinTheEvictionGrace()
    {
        var pod = new Pod { Metadata = new ObjectMeta { Name = "p", Namespace = "default", Uid = "u" }, Spec = new PodSpec { Containers = [new Container { Name = "app", Image = "nginx" }] } };
        var run = new PodRuntime(pod, new WorkloadBehaviour { StopTakes = TimeSpan.FromSeconds(1) }, T0, "172.16.0.1", "10.128.0.2");
        run.Advance(T0);
        run.TakeEvents();
        var evictedAt = T0 + TimeSpan.FromMinutes(1);

        run.Evict(evictedAt, "The node was low on resource: memory.");

        // First report: Failed and Evicted, the container still shown running (kubectl prints Evicted, 1/1), as upstream's
        // kubelet reports before its runtime's container statuses sync.
        Assert.Equal((PodPhase.Failed, "Evicted", "The node was low on resource: memory."), (run.Status.Phase!.Value, run.Status.Reason, run.Status.Message));
        Assert.NotNull(run.Status.ContainerStatuses![0].State!.Running);
        Assert.Contains(run.Status.Conditions!, c => c is { Type: "DisruptionTarget", Reason: "TerminationByKubelet" });
        Assert.True(run.IsTerminal);
        Assert.Equal(evictedAt + TimeSpan.FromSeconds(1), run.NextDue);
        Assert.Equal(["Evicted", "Killing"], run.TakeEvents().Select(e => e.Reason));

        // It stops on SIGTERM within the grace: exit 0, Completed; the pod stays Failed and Evicted, nothing restarts.
        Assert.True(run.Advance(evictedAt + TimeSpan.FromSeconds(1)));
        var terminated = run.Status.ContainerStatuses![0].State!.Terminated!;
        Assert.Equal((0, "Completed"), (terminated.ExitCode, terminated.Reason));
        Assert.Equal((PodPhase.Failed, "Evicted"), (run.Status.Phase!.Value, run.Status.Reason));
        Assert.Equal(0, run.MemoryUsage);
        Assert.Null(run.NextDue);
    }

    [Fact]
    public void EvictedContainer_ThatOutlastsTheEvictionGrace_IsKilled_137()
    {
        var pod = new Pod { Metadata = new ObjectMeta { Name = "p", Namespace = "default", Uid = "u" }, Spec = new PodSpec { Containers = [new Container { Name = "app", Image = "nginx" }] } };
        var run = new PodRuntime(pod, new WorkloadBehaviour { StopTakes = TimeSpan.FromSeconds(10) }, T0, "172.16.0.1", "10.128.0.2");
        run.Advance(T0);

        run.Evict(T0 + TimeSpan.FromMinutes(1), "The node was low on resource: memory.");
        run.Advance(T0 + TimeSpan.FromMinutes(1) + PodRuntime.EvictionGracePeriod);

        var terminated = run.Status.ContainerStatuses![0].State!.Terminated!;
        Assert.Equal((137, "Error"), (terminated.ExitCode, terminated.Reason));
        Assert.Equal("Evicted", run.Status.Reason);
    }
}
