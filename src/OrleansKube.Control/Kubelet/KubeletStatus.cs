namespace OrleansKube.Control.Kubelet;

/// <summary>The pod statuses a kubelet reports as a pod's containers are created and start.</summary>
public static class KubeletStatus
{
    /// <summary>Admitted: containers being created (STATUS <c>ContainerCreating</c>, or <c>Init:0/N</c>).</summary>
    public static PodStatus Accepted(Pod pod, string hostIP, string podIP, DateTimeOffset now)
    {
        var spec = pod.Spec;
        var inits = spec.InitContainers ?? [];
        var names = string.Join(" ", spec.Containers.Select(c => c.Name));
        return new PodStatus
        {
            Phase = PodPhase.Pending,
            QosClass = pod.Status?.QosClass,
            HostIP = hostIP,
            PodIP = podIP,
            PodIPs = [new PodIP { Ip = podIP }],
            StartTime = now,
            Conditions =
            [
                Condition("PodReadyToStartContainers", ConditionStatus.False, now),
                inits.Count == 0 ? Condition("Initialized", ConditionStatus.True, now)
                    : Condition("Initialized", ConditionStatus.False, now, "ContainersNotInitialized", $"containers with incomplete status: [{string.Join(" ", inits.Select(c => c.Name))}]"),
                Condition("Ready", ConditionStatus.False, now, "ContainersNotReady", $"containers with unready status: [{names}]"),
                Condition("ContainersReady", ConditionStatus.False, now, "ContainersNotReady", $"containers with unready status: [{names}]"),
                Condition("PodScheduled", ConditionStatus.True, pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled")?.LastTransitionTime ?? now),
            ],
            InitContainerStatuses = inits.Count == 0 ? null
                : [.. inits.Select(c => Waiting(c, "PodInitializing"))],
            ContainerStatuses = [.. spec.Containers.Select(c => Waiting(c, inits.Count == 0 ? "ContainerCreating" : "PodInitializing"))],
        };
    }

    /// <summary>Init containers done, every container started and (without probes to wait for) ready.</summary>
    public static PodStatus Running(Pod pod, DateTimeOffset startedAt, DateTimeOffset now)
    {
        var previous = pod.Status ?? new PodStatus();
        var spec = pod.Spec;
        return previous with
        {
            Phase = PodPhase.Running,
            Conditions =
            [
                Condition("PodReadyToStartContainers", ConditionStatus.True, now),
                Condition("Initialized", ConditionStatus.True, now),
                Condition("Ready", ConditionStatus.True, now),
                Condition("ContainersReady", ConditionStatus.True, now),
                previous.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled") ?? Condition("PodScheduled", ConditionStatus.True, now),
            ],
            InitContainerStatuses = spec.InitContainers is { Count: > 0 } inits
                ? [.. inits.Select(c => Status(c, new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = 0, Reason = "Completed", StartedAt = startedAt, FinishedAt = startedAt } }, ready: false))]
                : null,
            ContainerStatuses = [.. spec.Containers.Select(c => Status(c, new ContainerState { Running = new ContainerStateRunning { StartedAt = now } }, ready: true))],
        };
    }

    /// <summary>Refused by admission: Failed with the reason (<c>OutOfcpu</c>) and message.</summary>
    public static PodStatus Rejected(Pod pod, string reason, string message, DateTimeOffset now) =>
        (pod.Status ?? new PodStatus()) with
        {
            Phase = PodPhase.Failed,
            Reason = reason,
            Message = message,
            StartTime = now,
        };

    /// <summary>A copy of <paramref name="status"/> with <paramref name="condition"/> replacing any condition of its type.</summary>
    public static PodStatus WithCondition(PodStatus? status, PodCondition condition) =>
        (status ?? new PodStatus()) with { Conditions = [.. (status?.Conditions ?? []).Where(c => c.Type != condition.Type), condition] };

    public static PodCondition Condition(string type, ConditionStatus status, DateTimeOffset now, string? reason = null, string? message = null) =>
        new() { Type = type, Status = status, LastTransitionTime = now, Reason = reason, Message = message };

    private static ContainerStatus Waiting(Container container, string reason) =>
        Status(container, new ContainerState { Waiting = new ContainerStateWaiting { Reason = reason } }, ready: false);

    private static ContainerStatus Status(Container container, ContainerState state, bool ready) => new()
    {
        Name = container.Name,
        Image = container.Image ?? "",
        ImageID = ImageId(container.Image),
        ContainerID = state.Waiting is null ? $"containerd://{Hash(container.Name + container.Image)}" : null,
        State = state,
        Ready = ready,
        RestartCount = 0,
        Started = state.Running is not null,
    };

    private static string ImageId(string? image) => string.IsNullOrEmpty(image) ? "" : $"docker.io/library/{image}@sha256:{Hash(image)}";

    private static string Hash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
