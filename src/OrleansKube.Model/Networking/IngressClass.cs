namespace OrleansKube.Model.Networking;

/// <summary>networking.k8s.io/v1 IngressClass (cluster-scoped): which controller serves the Ingresses that name it.</summary>
public sealed record IngressClass : KubeObject
{
    /// <summary>The annotation that marks the class Ingresses without a class get (value <c>true</c>).</summary>
    public const string IsDefaultClassAnnotation = "ingressclass.kubernetes.io/is-default-class";

    public IngressClassSpec? Spec { get; set; }
}
