using OrleansKube.Grains.Abstractions.Security;

using Microsoft.Extensions.DependencyInjection;

namespace OrleansKube.Grains.Security;

/// <summary>
/// A stateless worker, so it runs on the silo the call enters by: <c>okctl kubeconfig</c> gets the kubeconfig of the
/// API of the silo whose gateway it connected to, read from that silo's services (nothing registered, nothing to lose).
/// </summary>
[StatelessWorker]
public sealed class KubeconfigGrain(IServiceProvider services) : Grain, IKubeconfigGrain
{
    public Task<string?> GetAsync() => Task.FromResult(services.GetService<IKubeconfigSource>()?.Kubeconfig);
}
