namespace OrleansKube.Model.Core;

public sealed record NodeSpec
{
    public string? PodCIDR { get; set; }

    public List<string>? PodCIDRs { get; set; }

    public string? ProviderID { get; set; }

    public bool? Unschedulable { get; set; }

    public List<Taint>? Taints { get; set; }

    public NodeConfigSource? ConfigSource { get; set; }

    /// <summary>Deprecated upstream; stored as written.</summary>
    public string? ExternalID { get; set; }
}
