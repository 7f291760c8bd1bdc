using Microsoft.Extensions.Options;
using OrleansKube.Control.Services;
using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Objects;

/// <summary>
/// Holds <see cref="ServiceAllocator"/> for the cluster: one place decides every ClusterIP and NodePort. Its bitmap is
/// memory only, so every activation (the first, or one after its silo died) lists the stored Services and takes what
/// they hold before it answers: Orleans delivers no call before activation ends.
/// </summary>
public sealed class ServiceAllocatorGrain(IOptions<OrleansKubeOptions> options) : ResidentGrain, IServiceAllocatorGrain
{
    private readonly ServiceAllocator _allocator = new(options.Value.ServiceClusterIpRange);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        _allocator.Restore((await GrainFactory.Get<IApiGrain>(0).ListAsync(new ListQuery(Kinds.Service.Plural, null))).OfType<Service>());
    }

    public Task<Service> AllocateAsync(HandedOver handedOver)
    {
        var service = (Service)handedOver.Object;
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
