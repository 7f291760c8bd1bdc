using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Objects;

/// <summary>A Service: its ClusterIP and node ports come from the allocator on create and go back on delete.</summary>
public sealed class ServiceGrain(SimulationClock clock) : ObjectGrainBase(clock.Time), IServiceGrain
{
    protected override async Task<KubeObject> PrepareCreateAsync(KubeObject obj) =>
        obj is Service { Spec: not null } service ? await GrainFactory.Get<IServiceAllocatorGrain>(0).AllocateAsync(new HandedOver(service)) : obj;

    protected override Task OnDeletingAsync(KubeObject obj) =>
        obj is Service service ? GrainFactory.Get<IServiceAllocatorGrain>(0).ReleaseAsync(service) : Task.CompletedTask;
}
