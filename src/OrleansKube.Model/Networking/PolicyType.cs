namespace OrleansKube.Model.Networking;

/// <summary>The traffic direction a NetworkPolicy governs.</summary>
public enum PolicyType
{
    Ingress,
    Egress,
}
