namespace OrleansKube.Model.Core;

/// <summary>A container's security attributes (stored and returned as written).</summary>
public sealed record SecurityContext
{
    public Capabilities? Capabilities { get; set; }

    public bool? Privileged { get; set; }

    public long? RunAsUser { get; set; }

    public long? RunAsGroup { get; set; }

    public bool? RunAsNonRoot { get; set; }

    public bool? ReadOnlyRootFilesystem { get; set; }

    public bool? AllowPrivilegeEscalation { get; set; }

    public string? ProcMount { get; set; }

    public SeccompProfile? SeccompProfile { get; set; }

    public AppArmorProfile? AppArmorProfile { get; set; }

    public SELinuxOptions? SeLinuxOptions { get; set; }

    public WindowsSecurityContextOptions? WindowsOptions { get; set; }
}
