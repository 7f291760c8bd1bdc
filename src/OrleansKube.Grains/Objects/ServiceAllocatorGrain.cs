using Microsoft.Extensions.Options;
using OrleansKube.Control.Services;
using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Objects;

/// <summary>Holds <see cref="ServiceAllocator"/> for the cluster: one place decides every ClusterIP and NodePort.</summary>
public sealed class ServiceAllocatorGrain(IOptions<OrleansKubeOptions> options) : ResidentGrain, IServiceAllocatorGrain
{
    private readonly ServiceAllocator _allocator = new(options.Value.ServiceClusterIpRange);

    public Task<Service> AllocateAsync(Service service)
    {
        var errors = _allocator.Allocate(service);
        return errors.Count > 0
            ? throw new ApiException(ApiError.Invalid(Kinds.Service, service.Metadata.Name ?? "", errors))
            : Task.FromResult(service);
    }

    public Task ReleaseAsync(Service service)
    {
        _allocator.Release(service);
        return Task.CompletedTask;
    }
}
