namespace OrleansKube.Grains.Abstractions.Security;

/// <summary>The kubeconfig of the Kubernetes API served by the silo a client is connected to (key 0).</summary>
public interface IKubeconfigGrain : IGrainWithIntegerKey
{
    /// <summary>A ready kubeconfig (server URL, CA data when TLS, a token when tokens are on); null when that silo serves no API.</summary>
    Task<string?> GetAsync();
}
