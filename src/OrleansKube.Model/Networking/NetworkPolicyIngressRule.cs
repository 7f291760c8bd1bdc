namespace OrleansKube.Model.Networking;

/// <summary>Traffic a NetworkPolicy lets in: from these peers, to these ports.</summary>
public sealed record NetworkPolicyIngressRule
{
    public List<NetworkPolicyPort>? Ports { get; set; }

    public List<NetworkPolicyPeer>? From { get; set; }
}
