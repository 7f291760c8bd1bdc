namespace OrleansKube.Model.Networking;

/// <summary>Which pods a NetworkPolicy selects and the traffic it allows them (stored: no network plugin enforces it).</summary>
public sealed record NetworkPolicySpec
{
    public LabelSelector PodSelector { get; set; } = new();

    public List<NetworkPolicyIngressRule>? Ingress { get; set; }

    public List<NetworkPolicyEgressRule>? Egress { get; set; }

    public List<PolicyType>? PolicyTypes { get; set; }
}
