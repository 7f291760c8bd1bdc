namespace OrleansKube.Model.Networking;

/// <summary>The other side of a NetworkPolicy rule: pods, namespaces, or an IP block.</summary>
public sealed record NetworkPolicyPeer
{
    public LabelSelector? PodSelector { get; set; }

    public LabelSelector? NamespaceSelector { get; set; }

    public IpBlock? IpBlock { get; set; }
}
