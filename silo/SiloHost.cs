using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Dashboard;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansKube.Api;
using OrleansKube.Control.Scheduling.Configuration;
using OrleansKube.Grains.Hosting;
using OrleansKube.Manifests.Profiles;

namespace OrleansKube.Silo;

/// <summary>
/// Builds a silo: by default the single embedded one (localhost clustering, objects in grain memory); with
/// <c>--redis</c> one of several (Redis membership, every object kept in Redis).
/// </summary>
public static partial class SiloHost
{
    public const string ClusterId = "orleanskube";

    public static IHost Build(ClusterProfile profile, SchedulerConfiguration scheduler, int siloPort, int gatewayPort, TimeSpan podStartDelay, double timeScale = 1, string serviceClusterIpRange = Control.Services.ServiceAllocator.DefaultServiceCidr, string? redis = null, TelemetrySettings? telemetry = null, int dashboardPort = 0, int? seed = null, int healthPort = 0, int maxPodsPerWorkload = Control.Store.WorkloadLimits.DefaultMaxPodsPerWorkload, TimeSpan? eventTtl = null, int apiPort = 0, Action<KubeApiOptions>? apiSecurity = null, bool systemPods = false, SiloAddresses? addresses = null, bool kubernetesHosting = false, int watchCachePartitions = 1, int initialSilos = 1)
    {
        addresses ??= SiloAddresses.Loopback;

        // A web host only for the Orleans dashboard; without it, a plain host (no Kestrel).
        var builder = dashboardPort > 0 ? WebApplication.CreateBuilder() : (IHostApplicationBuilder)Host.CreateApplicationBuilder();
        builder.Logging.AddFilter("Orleans.", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);

        // A silo whose store is gone cannot leave the cluster gracefully (its membership row is gone with it): do not wait minutes.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = StopTimeout);
        if (healthPort > 0)
        {
            builder.Services.AddHostedService(sp => new HealthEndpoints(addresses.HttpPrefixes(healthPort), sp.GetRequiredService<StoreHealth>(), sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<ILogger<HealthEndpoints>>()));
        }

        builder.UseOrleans(silo =>
        {
            if (redis is null && addresses.IsLoopback)
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: ClusterId, clusterId: ClusterId);
            }
            else
            {
                if (redis is null)
                {
                    // The embedded silo on a network address: its own primary, as localhost clustering is on loopback.
                    silo.UseDevelopmentClustering(new IPEndPoint(addresses.Advertise, siloPort));
                }
                else
                {
                    silo.UseRedisClustering(redis);
                    silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, DefunctSiloCleanup>();
                }

                if (kubernetesHosting)
                {
                    // Names the silo after its pod and removes silos whose pods are gone from the membership at once.
                    silo.UseKubernetesHosting();
                }

                silo.Configure<EndpointOptions>(o =>
                {
                    (o.AdvertisedIPAddress, o.SiloPort, o.GatewayPort) = (addresses.Advertise, siloPort, gatewayPort);
                    o.SiloListeningEndpoint = new IPEndPoint(addresses.Listen, siloPort);
                    o.GatewayListeningEndpoint = new IPEndPoint(addresses.Listen, gatewayPort);
                });
            }

            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ClusterId));
            silo.AddOrleansKube(o =>
            {
                o.Profile = profile;
                o.PodStartDelay = podStartDelay;
                o.Scheduler = scheduler;
                o.TimeScale = timeScale;
                o.Seed = seed;
                o.ServiceClusterIpRange = serviceClusterIpRange;
                o.Redis = redis;
                o.MaxPodsPerWorkload = maxPodsPerWorkload;
                o.EventTtl = eventTtl ?? o.EventTtl;
                o.SystemPods = systemPods;
                o.InitialSilos = initialSilos;
            });
            silo.Services.Configure<Grains.Watching.WatchCacheOptions>(o => o.Partitions = watchCachePartitions);
            silo.AddOrleansKubeTelemetry((telemetry ?? new TelemetrySettings { PrometheusPort = 0 }) with { ListenPrefixes = addresses.IsLoopback ? null : addresses.HttpPrefixes(telemetry?.PrometheusPort ?? 0, "/metrics/") });
            if (dashboardPort > 0)
            {
                silo.AddDashboard(); // every silo of a cluster needs it: it gathers grain statistics
            }

            if (apiPort > 0)
            {
                silo.AddKubernetesApi(o =>
                {
                    o.Port = apiPort;
                    apiSecurity?.Invoke(o);
                });
            }
        });
        if (builder is not WebApplicationBuilder web)
        {
            return ((HostApplicationBuilder)builder).Build();
        }

        web.WebHost.UseUrls($"http://{addresses.KestrelHost}:{dashboardPort}");
        var app = web.Build();
        app.MapOrleansDashboard();
        return app;
    }

    /// <summary>How long a stopping silo waits for its graceful exit before it stops anyway.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The one line to print when the silo refused to start for a reason of its own (its store); null for other failures.</summary>
    public static string? StartFailure(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is StoreRefusedException refused)
            {
                return refused.Message;
            }

            if (current is AggregateException aggregate && aggregate.InnerExceptions.Select(StartFailure).FirstOrDefault(m => m is not null) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }

    public static void LogReady(IHost host, ClusterProfile profile, SiloAddresses addresses, int gatewayPort, int metricsPort, int dashboardPort, int healthPort = 0)
    {
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansKube");
        var server = addresses.ClientHost;
        LogReadyMessage(logger, profile.Name, profile.Pools.Sum(p => p.Count), $"{server}:{gatewayPort}");
        if (metricsPort > 0 || dashboardPort > 0)
        {
            LogEndpoints(logger, metricsPort > 0 ? $"http://{server}:{metricsPort}/metrics" : "off", dashboardPort > 0 ? $"http://{server}:{dashboardPort}/" : "off");
        }

        if (healthPort > 0)
        {
            LogHealth(logger, $"http://{server}:{healthPort}/readyz");
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "OrleansKube is running: profile {Profile} with {Nodes} nodes. Clients connect to {Server} (okctl --server {Server}, or OKCTL_SERVER). Ctrl+C stops it.")]
    private static partial void LogReadyMessage(ILogger logger, string profile, int nodes, string server);

    [LoggerMessage(Level = LogLevel.Information, Message = "Health: {Url} (also /livez, /healthz)")]
    private static partial void LogHealth(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Prometheus metrics: {Metrics}; Orleans dashboard: {Dashboard}")]
    private static partial void LogEndpoints(ILogger logger, string metrics, string dashboard);
}
