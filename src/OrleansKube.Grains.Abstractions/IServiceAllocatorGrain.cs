using OrleansKube.Model.Core;

namespace OrleansKube.Grains.Abstractions;

/// <summary>The cluster's ClusterIP and NodePort allocations (key 0).</summary>
[Alias("OrleansKube.IServiceAllocatorGrain")]
public interface IServiceAllocatorGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The Service (handed over: a Service being created) with its ClusterIP and node ports filled in; ApiException
    /// (Invalid) when a requested one is taken or out of range.
    /// </summary>
    [Alias("Allocate")]
    Task<Service> AllocateAsync(HandedOver service);

    [Alias("Release")]
    Task ReleaseAsync(Service service);
}
