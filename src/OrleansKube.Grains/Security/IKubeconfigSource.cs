namespace OrleansKube.Grains.Security;

/// <summary>A silo service that knows a ready kubeconfig for this silo's Kubernetes API (absent when it serves none).</summary>
public interface IKubeconfigSource
{
    /// <summary>The kubeconfig's text once the API listens; null before.</summary>
    string? Kubeconfig { get; }
}
