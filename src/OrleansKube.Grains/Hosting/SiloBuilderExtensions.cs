using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OrleansKube.Grains.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// The silo's OpenTelemetry: the <c>OrleansKube</c> meter, Orleans' own and the .NET runtime's, on a Prometheus
    /// scrape endpoint (<c>http://localhost:{port}/metrics</c>, also on 127.0.0.1) when <see cref="TelemetrySettings.PrometheusPort"/> is
    /// above 0; with an OTLP endpoint, metrics and the pods' traces (sampled) are exported there too.
    /// </summary>
    public static ISiloBuilder AddOrleansKubeTelemetry(this ISiloBuilder silo, TelemetrySettings settings)
    {
        // The silo's meters are enabled by rule, not by AddMeter: AddMeter listens by name to every meter in the process
        // (and sums those of all the silos in it); a Local rule takes only meters from this silo's IMeterFactory.
        silo.Services.AddMetrics(rules => rules
            .EnableMetrics(KubeMetrics.MeterName, scopes: MeterScope.Local)
            .EnableMetrics("Microsoft.Orleans", scopes: MeterScope.Local | MeterScope.Global)); // Global too: the few Orleans instruments on a plain `new Meter`
        var otel = silo.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(KubeTracing.ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddRuntimeInstrumentation();
                if (settings.PrometheusPort > 0)
                {
                    metrics.AddPrometheusHttpListener(o =>
                    {
                        (o.Host, o.Port, o.ScrapeResponseCacheDurationMilliseconds) = ("localhost", settings.PrometheusPort, 0); // every scrape fresh

                        // HttpListener matches the Host header: without this prefix http://127.0.0.1:PORT/metrics answers 404.
                        o.ConfigureHttpListener = (options, listener) =>
                        {
                            if (settings.ListenPrefixes is { } prefixes)
                            {
                                listener.Prefixes.Clear();
                                foreach (var prefix in prefixes)
                                {
                                    listener.Prefixes.Add(prefix);
                                }
                            }
                            else
                            {
                                listener.Prefixes.Add($"http://127.0.0.1:{settings.PrometheusPort}{options.ScrapeEndpointPath}/");
                            }
                        };
                    });
                }

                if (settings.OtlpEndpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            });
        if (settings.CountCrossSiloCalls)
        {
            CrossSiloCalls.AddCrossSiloCallCounting(silo);
        }

        if (settings.OtlpEndpoint is { } traces)
        {
            // Calls between grains carry the caller's activity, so a pod's spans and the grain calls under them join one trace.
            silo.AddActivityPropagation();
            otel.WithTracing(tracing => tracing
                .AddSource(KubeTracing.SourceName, "Microsoft.Orleans.Application")
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(settings.TraceSampleRatio)))
                .AddOtlpExporter(o => o.Endpoint = traces));
        }

        return silo;
    }

    /// <summary>Everything a silo needs to host the simulated cluster.</summary>
    public static ISiloBuilder AddOrleansKube(this ISiloBuilder silo, Action<OrleansKubeOptions>? configure = null)
    {
        silo.Services.AddKubeObjectSerializer();
        var settings = new OrleansKubeOptions();
        configure?.Invoke(settings);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton(Quiescence.Off);
        silo.Services.AddMetrics();
        silo.Services.AddSingleton<KubeMetrics>();
        silo.Services.AddSingleton<StoreHealth>();
        silo.Services.AddSingleton(sp =>
        {
            // A given simulation clock (tests' fake) drives the simulation only: Orleans keeps the host's clock.
            var host = settings.SimulationTime ?? sp.GetRequiredService<TimeProvider>();
            return new SimulationClock(settings.TimeScale == 1 ? host : new ScaledTimeProvider(settings.TimeScale, host));
        });
        silo.Services.AddOptions<OrleansKubeOptions>().Configure(o => configure?.Invoke(o));
        if (settings.Redis is { } redis)
        {
            silo.Services.AddSingleton(sp => new RedisObjectRepository(redis, settings.StoragePrefix, sp.GetRequiredService<StoreHealth>()));
            silo.Services.AddSingleton<ObjectRepository>(sp => sp.GetRequiredService<RedisObjectRepository>());
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<RedisObjectRepository>());
            silo.Services.AddSingleton<StoreWatch>();
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<StoreWatch>());

            // Several silos: the default directory allows duplicate activations while membership changes (a
            // kubelet or an object would run twice, and one copy's work be lost); the strongly consistent one does not.
#pragma warning disable ORLEANSEXP003 // experimental in Orleans 10; the only built-in directory without duplicates
            silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
        }
        else
        {
            silo.Services.AddSingleton(ObjectRepository.InMemory);

            // The embedded single silo holds every grain itself: a cache of grain locations saves no lookup, and it kept
            // an entry for each grain long gone (20,000 deleted pods: ~14 MB) until its wall-clock TTL ran out.
            silo.Services.Configure<Orleans.Configuration.GrainDirectoryOptions>(o => o.CachingStrategy = Orleans.Configuration.GrainDirectoryOptions.CachingStrategyType.None);
        }

        silo.Services.AddOptions<Watching.WatchCacheOptions>();
        silo.Services.AddSingleton<Abstractions.Watching.IKubeReader, Watching.KubeReader>();
        silo.Services.AddSingleton<Scheduling.SchedulerDirectory>();
        silo.Services.AddSingleton<Scheduling.ShardSlots>();
        silo.Services.AddPlacementDirector<Scheduling.ShardSlotPlacement, Scheduling.ShardSlotPlacementDirector>();
        silo.Services.AddPlacementDirector<Scheduling.NamespaceSlotPlacement, Scheduling.ShardSlotPlacementDirector>();
        silo.Services.AddSingleton<Api.NameGenerator>();
        silo.Services.AddSingleton<InitialSilos>();
        silo.Services.AddSingleton<ClusterBootstrap>();
        silo.Services.AddSingleton<SharedReferences>();
        silo.Services.AddSingleton<SiloStopping>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloStopping>());
        silo.Services.AddSingleton<ControlPlane.ControlPlanePods>();
        silo.Services.AddSingleton<ControlPlaneHost>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ControlPlaneHost>());
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ClusterBootstrap>());
        return silo;
    }
}
