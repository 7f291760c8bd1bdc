namespace OrleansKube.Model.Core;

/// <summary>DNS settings a pod adds to (or, with dnsPolicy None, sets instead of) those its policy gives.</summary>
public sealed record PodDNSConfig
{
    public List<string>? Nameservers { get; set; }

    public List<string>? Searches { get; set; }

    public List<PodDNSConfigOption>? Options { get; set; }
}
