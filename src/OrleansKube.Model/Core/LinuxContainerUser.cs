namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 LinuxContainerUser (stored and returned as written).</summary>
public sealed record LinuxContainerUser
{
    public long? Uid { get; set; }

    public long? Gid { get; set; }

    public List<long>? SupplementalGroups { get; set; }
}
