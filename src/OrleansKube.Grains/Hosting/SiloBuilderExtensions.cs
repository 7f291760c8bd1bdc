using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrleansKube.Grains.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>Everything a silo needs to host the simulated cluster.</summary>
    public static ISiloBuilder AddOrleansKube(this ISiloBuilder silo, Action<OrleansKubeOptions>? configure = null)
    {
        silo.Services.AddKubeObjectSerializer();
        var settings = new OrleansKubeOptions();
        configure?.Invoke(settings);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddSingleton(sp =>
        {
            var host = sp.GetRequiredService<TimeProvider>();
            return new SimulationClock(settings.TimeScale == 1 ? host : new ScaledTimeProvider(settings.TimeScale, host));
        });
        silo.Services.AddOptions<OrleansKubeOptions>().Configure(o => configure?.Invoke(o));
        silo.Services.AddSingleton(_ => settings.Redis is { } redis ? new RedisObjectRepository(redis, settings.StoragePrefix) : ObjectRepository.InMemory);
        silo.Services.AddSingleton<Scheduling.SchedulerDirectory>();
        silo.Services.AddSingleton<ClusterBootstrap>();
        silo.Services.AddSingleton<ControlPlaneHost>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ControlPlaneHost>());
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ClusterBootstrap>());
        return silo;
    }
}
