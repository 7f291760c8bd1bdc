namespace OrleansKube.Model.Core;

/// <summary>
/// A container. As in <see cref="PodSpec"/>, the fields an ordinary container leaves unset live in one lazily made
/// <see cref="ContainerRareFields"/> and serialize flat.
/// </summary>
public sealed record Container
{
    private ContainerRareFields? _rare;

    public string Name { get; set; } = "";

    public string? Image { get; set; }

    public List<string>? Command { get; set; }

    public List<string>? Args { get; set; }

    public string? WorkingDir { get => _rare?.WorkingDir; set => Rare(value, r => r with { WorkingDir = value }); }

    public List<ContainerPort>? Ports { get; set; }

    // A missing ConfigMap or Secret behind envFrom is not yet a CreateContainerConfigError.
    public List<EnvFromSource>? EnvFrom { get => _rare?.EnvFrom; set => Rare(value, r => r with { EnvFrom = value }); }

    public List<EnvVar>? Env { get; set; }

    public ResourceRequirements? Resources { get; set; }

    public List<ContainerResizePolicy>? ResizePolicy { get => _rare?.ResizePolicy; set => Rare(value, r => r with { ResizePolicy = value }); }

    /// <summary><c>Always</c> on an init container makes it a sidecar: started in order, then kept running beside the app containers.</summary>
    public ContainerRestartPolicy? RestartPolicy { get => _rare?.RestartPolicy; set => Rare(value, r => r with { RestartPolicy = value }); }

    public List<VolumeMount>? VolumeMounts { get; set; }

    public List<VolumeDevice>? VolumeDevices { get => _rare?.VolumeDevices; set => Rare(value, r => r with { VolumeDevices = value }); }

    public Probe? LivenessProbe { get; set; }

    public Probe? ReadinessProbe { get; set; }

    public Probe? StartupProbe { get => _rare?.StartupProbe; set => Rare(value, r => r with { StartupProbe = value }); }

    public Lifecycle? Lifecycle { get => _rare?.Lifecycle; set => Rare(value, r => r with { Lifecycle = value }); }

    public string? TerminationMessagePath { get => _rare?.TerminationMessagePath; set => Rare(value, r => r with { TerminationMessagePath = value }); }

    public string? TerminationMessagePolicy { get => _rare?.TerminationMessagePolicy; set => Rare(value, r => r with { TerminationMessagePolicy = value }); }

    public PullPolicy? ImagePullPolicy { get; set; }

    public SecurityContext? SecurityContext { get => _rare?.SecurityContext; set => Rare(value, r => r with { SecurityContext = value }); }

    public bool? Stdin { get => _rare?.Stdin; set => Rare(value, r => r with { Stdin = value }); }

    public bool? StdinOnce { get => _rare?.StdinOnce; set => Rare(value, r => r with { StdinOnce = value }); }

    public bool? Tty { get => _rare?.Tty; set => Rare(value, r => r with { Tty = value }); }

    /// <summary>Copy on write, as <see cref="PodSpec"/>'s: a <c>with</c> copy shares the holder.</summary>
    private void Rare<T>(T? value, Func<ContainerRareFields, ContainerRareFields> set) =>
        _rare = value is null && _rare is null ? null : set(_rare ?? ContainerRareFields.None);
}
