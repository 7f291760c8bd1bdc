namespace OrleansKube.Model.Networking;

/// <summary>networking.k8s.io/v1 Ingress: HTTP routes from outside the cluster to Services, served by its class's controller.</summary>
public sealed record Ingress : KubeObject
{
    public IngressSpec? Spec { get; set; }

    public IngressStatus? Status { get; set; }
}
