namespace OrleansKube.Model.Networking;

/// <summary>networking.k8s.io/v1 NetworkPolicy: stored with upstream's defaulting and validation; nothing enforces it (there is no pod network).</summary>
public sealed record NetworkPolicy : KubeObject
{
    public NetworkPolicySpec? Spec { get; set; }
}
