namespace OrleansKube.Model.Networking;

/// <summary>Traffic a NetworkPolicy lets out: to these peers, on these ports.</summary>
public sealed record NetworkPolicyEgressRule
{
    public List<NetworkPolicyPort>? Ports { get; set; }

    public List<NetworkPolicyPeer>? To { get; set; }
}
