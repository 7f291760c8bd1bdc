using OrleansKube.Control.Kubelet;
using OrleansKube.Control.Store;

namespace OrleansKube.Tests.Kubelet;

public class PodLogsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    private static Pod Pod(ContainerStatus? status, params Container[] containers) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "shop" },
        Spec = new PodSpec { NodeName = "node-1", Containers = containers.Length > 0 ? [.. containers] : [new Container { Name = "app", Image = "nginx:1.27" }] },
        Status = new PodStatus { ContainerStatuses = status is null ? null : [status] },
    };

    private static ContainerStatus Running(DateTimeOffset startedAt, int restarts = 0, ContainerStateTerminated? last = null) => new()
    {
        Name = "app",
        Image = "nginx:1.27",
        Ready = true,
        RestartCount = restarts,
        State = new ContainerState { Running = new ContainerStateRunning { StartedAt = startedAt } },
        LastState = last is null ? null : new ContainerState { Terminated = last },
    };

    private static string Read(Pod pod, PodLogRequest request, DateTimeOffset now)
    {
        Assert.Null(PodLogs.TryRead(pod, request, now, out var text));
        return text;
    }

    private static ApiError Refused(Pod pod, PodLogRequest request) => Assert.IsType<ApiError>(PodLogs.TryRead(pod, request, Start, out _));

    [Fact]
    public void TryRead_RunningContainerWithProbes_TellsStartReadinessAndOneLivenessLinePerPeriod()
    {
        var container = new Container
        {
            Name = "app",
            Image = "nginx:1.27",
            ReadinessProbe = new Probe { HttpGet = new HttpGetAction { Path = "/ready", Port = IntOrString.FromInt(8080) }, InitialDelaySeconds = 2 },
            LivenessProbe = new Probe { TcpSocket = new TcpSocketAction { Port = IntOrString.FromInt(8080) }, PeriodSeconds = 10 },
        };

        var log = Read(Pod(Running(Start), container), new PodLogRequest(Timestamps: true), Start.AddSeconds(25));

        Assert.Equal(
            """
            2026-11-23T06:00:00Z simulated container app of pod shop/web on node node-1
            2026-11-23T06:00:00Z image nginx:1.27 pulled, container created
            2026-11-23T06:00:00Z started
            2026-11-23T06:00:00Z liveness probe (tcp-socket :8080) succeeded
            2026-11-23T06:00:02Z readiness probe (http-get http://:8080/ready) succeeded: ready to serve
            2026-11-23T06:00:10Z liveness probe (tcp-socket :8080) succeeded
            2026-11-23T06:00:20Z liveness probe (tcp-socket :8080) succeeded

            """.ReplaceLineEndings("\n"),
            log);
    }

    [Fact]
    public void TryRead_RestartedContainer_SaysWhyAndPreviousShowsTheRunBefore()
    {
        var last = new ContainerStateTerminated { ExitCode = 1, Reason = "Error", StartedAt = Start, FinishedAt = Start.AddSeconds(30) };
        var pod = Pod(Running(Start.AddSeconds(40), restarts: 1, last));

        var current = Read(pod, new PodLogRequest(TailLines: 1), Start.AddSeconds(50));
        var previous = Read(pod, new PodLogRequest(Previous: true, TailLines: 2), Start.AddSeconds(50));

        Assert.Equal("started again (restart 1) after exiting with code 1 (Error)\n", current);
        Assert.Equal("started\nexited with code 1 (Error)\n", previous);
    }

    [Fact]
    public void TryRead_DeletedWhileRunning_TellsTheSigtermAndTheExit()
    {
        var pod = Pod(new ContainerStatus
        {
            Name = "app",
            State = new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = 0, Reason = "Completed", StartedAt = Start, FinishedAt = Start.AddSeconds(65) } },
        });
        pod.Metadata.DeletionTimestamp = Start.AddSeconds(60);
        pod.Metadata.DeletionGracePeriodSeconds = 30;

        var log = Read(pod, new PodLogRequest(SinceSeconds: 10), Start.AddSeconds(66));

        Assert.Equal("received SIGTERM: pod is being deleted (grace period 30s), shutting down\nexited with code 0 (Completed)\n", log);
    }

    [Fact]
    public void TryRead_LimitBytes_CutsTheText()
    {
        Assert.Equal("simulated", Read(Pod(Running(Start)), new PodLogRequest(LimitBytes: 9), Start));
    }

    [Fact]
    public void TryRead_UnscheduledPod_IsEmpty()
    {
        var pod = Pod(null);
        pod.Spec.NodeName = null;

        Assert.Equal("", Read(pod, new PodLogRequest(), Start));
    }

    public sealed record RefusalCase(string Sentence, Pod Pod, PodLogRequest Request, ApiErrorReason Reason, string Message)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<RefusalCase> RefusalCases() =>
    [
        new RefusalCase("an unknown container is not valid", Pod(Running(Start)), new PodLogRequest("sidecar"),
            ApiErrorReason.BadRequest, "container sidecar is not valid for pod web"),
        new RefusalCase("several containers need a name, listing them", Pod(Running(Start), new Container { Name = "a", Image = "i" }, new Container { Name = "b", Image = "i" }), new PodLogRequest(),
            ApiErrorReason.BadRequest, "a container name must be specified for pod web, choose one of: [a b]"),
        new RefusalCase("a container not yet started is waiting, with its reason", Pod(new ContainerStatus { Name = "app", State = new ContainerState { Waiting = new ContainerStateWaiting { Reason = "ContainerCreating" } } }), new PodLogRequest(),
            ApiErrorReason.BadRequest, "container \"app\" in pod \"web\" is waiting to start: ContainerCreating"),
        new RefusalCase("a container never restarted has no previous run", Pod(Running(Start)), new PodLogRequest(Previous: true),
            ApiErrorReason.BadRequest, "previous terminated container \"app\" in pod \"web\" not found"),
        new RefusalCase("a negative tail is invalid", Pod(Running(Start)), new PodLogRequest(TailLines: -1),
            ApiErrorReason.Invalid, "PodLogOptions \"web\" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0"),
    ];

    [Theory]
    [MemberData(nameof(RefusalCases))]
    public void TryRead_BadRequest_RefusedAsUpstream(RefusalCase c)
    {
        var refused = Refused(c.Pod, c.Request);

        Assert.Equal((c.Reason, c.Message), (refused.Reason, refused.Message));
    }
}
