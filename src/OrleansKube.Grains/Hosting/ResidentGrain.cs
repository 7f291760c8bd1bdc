namespace OrleansKube.Grains.Hosting;

/// <summary>A grain whose state lives only in memory and must outlive idle periods (indexes, caches, allocators).</summary>
public abstract class ResidentGrain : Grain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(TimeSpan.MaxValue);
        return Task.CompletedTask;
    }
}
