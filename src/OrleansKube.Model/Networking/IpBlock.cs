namespace OrleansKube.Model.Networking;

/// <summary>A CIDR a NetworkPolicy rule allows, less the CIDRs in except.</summary>
public sealed record IpBlock
{
    public string Cidr { get; set; } = "";

    public List<string>? Except { get; set; }
}
