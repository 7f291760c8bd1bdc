using OrleansKube.Control.Kubelet;
using OrleansKube.Manifests.Simulation;

namespace OrleansKube.Tests.Kubelet;

/// <summary>The simulated kubelet's pod lifecycle on explicit instants (the node grain drives it with the injected clock).</summary>
public class PodRuntimeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    private static Pod Pod(Action<PodSpec>? spec = null, int initContainers = 0)
    {
        var pod = new Pod
        {
            Metadata = new ObjectMeta { Name = "p", Namespace = "default", Uid = "uid-1" },
            Spec = new PodSpec
            {
                RestartPolicy = RestartPolicy.Always,
                Containers = [new Container { Name = "app", Image = "nginx:1.27" }],
                InitContainers = initContainers == 0 ? null : [.. Enumerable.Range(0, initContainers).Select(i => new Container { Name = $"init-{i}", Image = "busybox" })],
            },
        };
        spec?.Invoke(pod.Spec);
        return pod;
    }

    private static PodRuntime Run(Pod pod, WorkloadBehaviour? behaviour = null) =>
        new(pod, behaviour ?? new WorkloadBehaviour { StartDelay = TimeSpan.FromSeconds(5) }, T0, "172.16.0.1", "10.128.0.2");

    private static ContainerStatus App(PodRuntime run) => run.Status.ContainerStatuses![0];

    private static PodCondition Condition(PodRuntime run, string type) => Condition(run.Status, type);

    private static PodCondition Condition(PodStatus status, string type) => status.Conditions!.Single(c => c.Type == type);

    private static DateTimeOffset At(double seconds) => T0 + TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Accepted_IsContainerCreating_ThenRunningAndReadyAfterTheStartDelay()
    {
        var run = Run(Pod());

        Assert.Equal(PodPhase.Pending, run.Status.Phase);
        Assert.Equal("ContainerCreating", App(run).State!.Waiting!.Reason);
        Assert.Equal(At(5), run.NextDue);

        Assert.False(run.Advance(At(4.9)));
        Assert.True(run.Advance(At(5)));

        Assert.Equal(PodPhase.Running, run.Status.Phase);
        Assert.Equal(At(5), App(run).State!.Running!.StartedAt);
        Assert.True(App(run).Ready);
        Assert.Equal(ConditionStatus.True, Condition(run, "Ready").Status);
        Assert.Equal(["Pulled", "Created", "Started"], run.TakeEvents().Select(e => e.Reason));
        Assert.Null(run.NextDue);
    }

    [Fact]
    public void ActiveDeadline_FailsThePod_KillingItsContainers_CountedFromItsStartOnTheNode()
    {
        var run = Run(Pod(s => s.ActiveDeadlineSeconds = 30));
        run.Advance(At(5));
        Assert.Equal(PodPhase.Running, run.Status.Phase);
        run.TakeEvents();

        Assert.Equal(At(30), run.NextDue); // the deadline wakes the node, nothing else is due
        run.Advance(At(29.9));
        Assert.Equal(PodPhase.Running, run.Status.Phase);

        Assert.True(run.Advance(At(30)));

        var status = run.Status;
        Assert.Equal((PodPhase.Failed, "DeadlineExceeded", "Pod was active on the node longer than the specified deadline"), (status.Phase, status.Reason, status.Message));
        Assert.DoesNotContain(status.Conditions!, c => c.Type == "DisruptionTarget"); // not an eviction
        Assert.Contains(run.TakeEvents(), e => e == KubeletEvent.Normal("DeadlineExceeded", "Pod was active on the node longer than the specified deadline"));
        Assert.False(run.IsEvicted);

        // Its containers were stopped as a deletion stops them (SIGTERM within the pod's grace): this workload stops at once, exit 0.
        Assert.Equal(0, App(run).State!.Terminated!.ExitCode);
        Assert.Null(run.NextDue);
    }

    [Fact]
    public void ActiveDeadline_OfAPodThatFinishedFirst_ChangesNothing()
    {
        var run = Run(Pod(s => { s.ActiveDeadlineSeconds = 30; s.RestartPolicy = RestartPolicy.Never; }), new WorkloadBehaviour { StartDelay = TimeSpan.Zero, RunFor = TimeSpan.FromSeconds(10) });
        run.Advance(At(10));
        Assert.Equal(PodPhase.Succeeded, run.Status.Phase);

        run.Advance(At(60));

        Assert.Equal((PodPhase.Succeeded, null), (run.Status.Phase, run.Status.Reason));
    }

    [Fact]
    public void InitContainers_RunOneAfterAnother_ThenTheMainContainers()
    {
        var run = Run(Pod(initContainers: 2), new WorkloadBehaviour { StartDelay = TimeSpan.FromSeconds(5), InitRunFor = TimeSpan.FromSeconds(3) });

        run.Advance(At(5));
        Assert.NotNull(run.Status.InitContainerStatuses![0].State!.Running);
        Assert.Equal("PodInitializing", run.Status.InitContainerStatuses[1].State!.Waiting!.Reason);
        Assert.Equal("containers with incomplete status: [init-0 init-1]", Condition(run, "Initialized").Message);

        run.Advance(At(8));
        Assert.Equal("Completed", run.Status.InitContainerStatuses![0].State!.Terminated!.Reason);
        Assert.Equal(At(8), run.Status.InitContainerStatuses[1].State!.Running!.StartedAt);
        Assert.Equal(PodPhase.Pending, run.Status.Phase);

        run.Advance(At(11));
        Assert.Equal(ConditionStatus.True, Condition(run, "Initialized").Status);
        Assert.Equal(At(11), App(run).State!.Running!.StartedAt);
        Assert.Equal(PodPhase.Running, run.Status.Phase);
    }

    [Fact]
    public void FailingInitContainer_FailsTheNeverRestartingPod_AndCrashLoopsOtherwise()
    {
        var behaviour = new WorkloadBehaviour { StartDelay = TimeSpan.Zero, InitRunFor = TimeSpan.FromSeconds(1), InitExitCode = 2 };
        var never = Run(Pod(s => s.RestartPolicy = RestartPolicy.Never, initContainers: 1), behaviour);
        never.Advance(At(1));
        Assert.Equal(PodPhase.Failed, never.Status.Phase);
        Assert.Equal(2, never.Status.InitContainerStatuses![0].State!.Terminated!.ExitCode);
        Assert.Equal("Error", never.Status.InitContainerStatuses[0].State!.Terminated!.Reason);

        var always = Run(Pod(initContainers: 1), behaviour);
        always.Advance(At(2)); // exits at 1 and restarts at once; exits again at 2 and backs off
        var init = always.Status.InitContainerStatuses![0];
        Assert.Equal("CrashLoopBackOff", init.State!.Waiting!.Reason);
        Assert.Equal(1, init.RestartCount);
        Assert.Equal(PodPhase.Pending, always.Status.Phase);
        Assert.Equal("PodInitializing", App(always).State!.Waiting!.Reason);
    }

    [Fact]
    public void CrashingContainer_RestartsWithTheUpstreamBackOffSequence()
    {
        var run = Run(Pod(), new WorkloadBehaviour { StartDelay = TimeSpan.Zero, RunFor = TimeSpan.FromSeconds(1), ExitCode = 1 });
        var waits = new List<double>();
        var restarts = 0;
        while (restarts < 9 && run.NextDue is { } due)
        {
            run.Advance(due);
            if (App(run).RestartCount > restarts)
            {
                restarts = App(run).RestartCount;
                var lastExit = App(run).LastState!.Terminated!.FinishedAt!.Value;
                waits.Add((App(run).State!.Running!.StartedAt!.Value - lastExit).TotalSeconds);
            }
        }

        Assert.Equal([0, 10, 20, 40, 80, 160, 300, 300, 300], waits);
        Assert.Equal(PodPhase.Running, run.Status.Phase);
    }

    [Fact]
    public void CrashLoopBackOff_ShowsTheWaitingReasonAndUpstreamMessages()
    {
        var run = Run(Pod(), new WorkloadBehaviour { StartDelay = TimeSpan.Zero, RunFor = TimeSpan.FromSeconds(1), ExitCode = 1 });

        run.Advance(At(2));

        var app = App(run);
        Assert.Equal("CrashLoopBackOff", app.State!.Waiting!.Reason);
        Assert.Equal("back-off 10s restarting failed container=app pod=p_default(uid-1)", app.State.Waiting.Message);
        Assert.Equal(1, app.LastState!.Terminated!.ExitCode);
        Assert.Equal("Error", app.LastState.Terminated.Reason);
        Assert.False(app.Ready);
        Assert.Contains(run.TakeEvents(), e => e is { Type: "Warning", Reason: "BackOff", Message: "Back-off restarting failed container app in pod p_default(uid-1)" });
    }

    public sealed record RestartCase(string Sentence, RestartPolicy Policy, int ExitCode, PodPhase Phase, int Restarts)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<RestartCase> RestartCases() =>
    [
        new RestartCase("Always restarts a container that succeeded", RestartPolicy.Always, 0, PodPhase.Running, 1),
        new RestartCase("Always restarts a container that failed", RestartPolicy.Always, 3, PodPhase.Running, 1),
        new RestartCase("OnFailure lets a successful pod succeed", RestartPolicy.OnFailure, 0, PodPhase.Succeeded, 0),
        new RestartCase("OnFailure restarts a failed container", RestartPolicy.OnFailure, 3, PodPhase.Running, 1),
        new RestartCase("Never lets a successful pod succeed", RestartPolicy.Never, 0, PodPhase.Succeeded, 0),
        new RestartCase("Never fails a pod whose container failed", RestartPolicy.Never, 3, PodPhase.Failed, 0),
    ];

    [Theory]
    [MemberData(nameof(RestartCases))]
    public void ContainerExit_IsRestartedOrEndsThePod_AsRestartPolicySays(RestartCase c)
    {
        var run = Run(Pod(s => s.RestartPolicy = c.Policy), new WorkloadBehaviour { StartDelay = TimeSpan.Zero, RunFor = TimeSpan.FromSeconds(30), ExitCode = c.ExitCode });

        run.Advance(At(30));

        Assert.Equal(c.Phase, run.Status.Phase);
        Assert.Equal(c.Restarts, App(run).RestartCount);
        if (c.Restarts == 0)
        {
            Assert.Equal(c.ExitCode, App(run).State!.Terminated!.ExitCode);
            Assert.Equal("PodCompleted", Condition(run, "Ready").Reason);
            Assert.True(run.IsTerminal);
            Assert.Null(run.NextDue);
        }
    }

    [Fact]
    public void ReadinessProbe_NeedsSuccessThresholdPassesAfterTheInitialDelay()
    {
        var pod = Pod(s => s.Containers[0].ReadinessProbe = new Probe { HttpGet = new HttpGetAction { Port = 80 }, InitialDelaySeconds = 5, PeriodSeconds = 10, SuccessThreshold = 2 });
        var run = Run(pod, new WorkloadBehaviour { StartDelay = TimeSpan.Zero, ReadyAfter = TimeSpan.FromSeconds(12) });

        run.Advance(At(15)); // probes at 5 (fails: not ready yet) and 15 (first success)
        Assert.False(App(run).Ready);
        Assert.Equal("containers with unready status: [app]", Condition(run, "Ready").Message);
        Assert.Contains(run.TakeEvents(), e => e is { Reason: "Unhealthy", Message: "Readiness probe failed: HTTP probe failed with statuscode: 503" });

        run.Advance(At(24.9));
        Assert.False(App(run).Ready);
        run.Advance(At(25));
        Assert.True(App(run).Ready);
        Assert.Equal(ConditionStatus.True, Condition(run, "Ready").Status);
        Assert.Equal(At(25), Condition(run, "Ready").LastTransitionTime);
    }

    [Fact]
    public void ProbesThatChangeNothing_KeepTheStatus_AndAllocateNothing()
    {
        var pod = Pod(s =>
        {
            s.Containers[0].ReadinessProbe = new Probe { HttpGet = new HttpGetAction { Port = 80 }, PeriodSeconds = 10 };
            s.Containers[0].LivenessProbe = new Probe { TcpSocket = new TcpSocketAction { Port = 80 }, PeriodSeconds = 10 };
        });
        var run = Run(pod, new WorkloadBehaviour { StartDelay = TimeSpan.Zero });
        run.Advance(At(60)); // running and ready, probed six times
        var status = run.Status;

        // A node's timer wakes its pods for every probe: one that passes again must cost no status, list or message.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var changed = false;
        for (var second = 70; second <= 1_000; second += 10)
        {
            changed |= run.Advance(At(second));
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.False(changed);
        Assert.Same(status, run.Status);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void StatusChanges_KeepWhatDidNotChange()
    {
        var pod = Pod(s => s.Containers.Add(new Container { Name = "sidecar", Image = "envoy", ReadinessProbe = new Probe { HttpGet = new HttpGetAction { Port = 80 }, PeriodSeconds = 10 } }));
        pod.Status = new PodStatus { Conditions = [new PodCondition { Type = "PodScheduled", Status = ConditionStatus.True, LastTransitionTime = T0 }] };
        var run = Run(pod, new WorkloadBehaviour { StartDelay = TimeSpan.Zero, ReadyAfter = TimeSpan.FromSeconds(15) });
        run.Advance(At(10));
        var before = run.Status;
        Assert.Equal("containers with unready status: [sidecar]", Condition(run, "Ready").Message);

        Assert.True(run.Advance(At(20))); // the sidecar's probe passes

        var after = run.Status;
        Assert.Same(before.ContainerStatuses![0], after.ContainerStatuses![0]);
        Assert.True(after.ContainerStatuses[1].Ready);
        Assert.Same(Condition(before, "PodReadyToStartContainers"), Condition(after, "PodReadyToStartContainers"));
        Assert.Equal((ConditionStatus.True, At(20)), (Condition(after, "Ready").Status, Condition(after, "Ready").LastTransitionTime));
        Assert.Equal(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"], after.Conditions!.Select(c => c.Type));
    }

    [Fact]
    public void LivenessFailures_UpToTheThreshold_KillAndRestartTheContainer()
    {
        var pod = Pod(s => s.Containers[0].LivenessProbe = new Probe { Exec = new ExecAction { Command = ["true"] }, PeriodSeconds = 10, FailureThreshold = 3 });
        var run = Run(pod, new WorkloadBehaviour { StartDelay = TimeSpan.Zero, LivenessFailsAfter = TimeSpan.FromSeconds(30) });

        run.Advance(At(40)); // fails at 30 and 40
        Assert.Equal(0, App(run).RestartCount);
        run.TakeEvents();

        run.Advance(At(50)); // the third failure kills it; the first restart is immediate
        Assert.Equal(1, App(run).RestartCount);
        Assert.Equal(137, App(run).LastState!.Terminated!.ExitCode);
        Assert.Equal(At(50), App(run).State!.Running!.StartedAt);
        var events = run.TakeEvents();
        Assert.Contains(events, e => e is { Type: "Warning", Reason: "Unhealthy", Message: "Liveness probe failed: command exited with 1" });
        Assert.Contains(events, e => e is { Reason: "Killing", Message: "Container app failed liveness probe, will be restarted" });
    }

    [Fact]
    public void PostStartHook_HoldsReadinessUntilItIsDone()
    {
        var pod = Pod(s => s.Containers[0].Lifecycle = new Lifecycle { PostStart = new LifecycleHandler { Exec = new ExecAction { Command = ["warm-up"] } } });
        var run = Run(pod, new WorkloadBehaviour { StartDelay = TimeSpan.Zero, PostStart = TimeSpan.FromSeconds(4) });

        run.Advance(At(3));
        Assert.False(App(run).Ready);
        run.Advance(At(4));
        Assert.True(App(run).Ready);
    }

    public sealed record TerminationCase(string Sentence, bool PreStop, double StopSeconds, double FinishedAt, int ExitCode)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<TerminationCase> TerminationCases() =>
    [
        new TerminationCase("a container that stops in time exits 0 when done", false, 10, 110, 0),
        new TerminationCase("a container still running when the grace period ends is killed", false, 60, 130, 137),
        new TerminationCase("the preStop hook counts against the grace period", true, 10, 130, 137),
    ];

    [Theory]
    [MemberData(nameof(TerminationCases))]
    public void Termination_RunsPreStopAndSigterm_WithinTheGracePeriod(TerminationCase c)
    {
        var pod = Pod(s =>
        {
            if (c.PreStop)
            {
                s.Containers[0].Lifecycle = new Lifecycle { PreStop = new LifecycleHandler { Sleep = new SleepAction { Seconds = 25 } } };
            }
        });
        var run = Run(pod, new WorkloadBehaviour { StartDelay = TimeSpan.Zero, PreStop = TimeSpan.FromSeconds(25), StopTakes = TimeSpan.FromSeconds(c.StopSeconds) });
        run.Advance(At(100));

        run.Terminate(At(100), TimeSpan.FromSeconds(30));
        Assert.Contains(run.TakeEvents(), e => e is { Reason: "Killing", Message: "Stopping container app" });
        Assert.False(run.IsFinished);
        Assert.Equal(At(c.FinishedAt), run.NextDue);

        run.Advance(At(c.FinishedAt));
        Assert.True(run.IsFinished);
        Assert.Equal(c.ExitCode, App(run).State!.Terminated!.ExitCode);
        Assert.Equal(0, App(run).RestartCount);
    }

    [Fact]
    public void Termination_OfACrashLoopingContainer_IsImmediate()
    {
        var run = Run(Pod(), new WorkloadBehaviour { StartDelay = TimeSpan.Zero, RunFor = TimeSpan.FromSeconds(1), ExitCode = 1 });
        run.Advance(At(2));

        run.Terminate(At(3), TimeSpan.FromSeconds(30));

        Assert.True(run.IsFinished);
        Assert.Null(run.NextDue);
    }
}
