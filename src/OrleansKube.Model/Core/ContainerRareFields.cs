namespace OrleansKube.Model.Core;

/// <summary>The <see cref="Container"/> fields an ordinary container leaves unset, held apart so such a container pays one reference for all of them.</summary>
internal sealed record ContainerRareFields
{
    public static readonly ContainerRareFields None = new();

    public string? WorkingDir { get; set; }

    public List<EnvFromSource>? EnvFrom { get; set; }

    public List<ContainerResizePolicy>? ResizePolicy { get; set; }

    public ContainerRestartPolicy? RestartPolicy { get; set; }

    public List<VolumeDevice>? VolumeDevices { get; set; }

    public Probe? StartupProbe { get; set; }

    public Lifecycle? Lifecycle { get; set; }

    public string? TerminationMessagePath { get; set; }

    public string? TerminationMessagePolicy { get; set; }

    public SecurityContext? SecurityContext { get; set; }

    public bool? Stdin { get; set; }

    public bool? StdinOnce { get; set; }

    public bool? Tty { get; set; }
}
