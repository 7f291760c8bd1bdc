namespace OrleansKube.Model.Core;

/// <summary>A container added to a running pod for debugging (stored and returned as written: the simulation runs no processes).</summary>
public sealed record EphemeralContainer
{
    public string Name { get; set; } = "";

    public string? Image { get; set; }

    public List<string>? Command { get; set; }

    public List<string>? Args { get; set; }

    public string? WorkingDir { get; set; }

    public List<ContainerPort>? Ports { get; set; }

    public List<EnvFromSource>? EnvFrom { get; set; }

    public List<EnvVar>? Env { get; set; }

    public ResourceRequirements? Resources { get; set; }

    public List<ContainerResizePolicy>? ResizePolicy { get; set; }

    public ContainerRestartPolicy? RestartPolicy { get; set; }

    public List<VolumeMount>? VolumeMounts { get; set; }

    public List<VolumeDevice>? VolumeDevices { get; set; }

    public Probe? LivenessProbe { get; set; }

    public Probe? ReadinessProbe { get; set; }

    public Probe? StartupProbe { get; set; }

    public Lifecycle? Lifecycle { get; set; }

    public string? TerminationMessagePath { get; set; }

    public string? TerminationMessagePolicy { get; set; }

    public PullPolicy? ImagePullPolicy { get; set; }

    public SecurityContext? SecurityContext { get; set; }

    public bool? Stdin { get; set; }

    public bool? StdinOnce { get; set; }

    public bool? Tty { get; set; }

    /// <summary>The container (by name) whose namespaces this one joins, as <c>kubectl debug --target</c> sets.</summary>
    public string? TargetContainerName { get; set; }
}
