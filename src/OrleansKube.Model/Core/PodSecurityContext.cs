namespace OrleansKube.Model.Core;

/// <summary>Pod-level security attributes (stored and returned as written; the simulation runs no processes to apply them to).</summary>
public sealed record PodSecurityContext
{
    public long? RunAsUser { get; set; }

    public long? RunAsGroup { get; set; }

    public bool? RunAsNonRoot { get; set; }

    public long? FsGroup { get; set; }

    public string? FsGroupChangePolicy { get; set; }

    public List<long>? SupplementalGroups { get; set; }

    public string? SupplementalGroupsPolicy { get; set; }

    public SeccompProfile? SeccompProfile { get; set; }

    public AppArmorProfile? AppArmorProfile { get; set; }

    public SELinuxOptions? SeLinuxOptions { get; set; }

    public List<Sysctl>? Sysctls { get; set; }

    public WindowsSecurityContextOptions? WindowsOptions { get; set; }

    public string? SeLinuxChangePolicy { get; set; }
}
