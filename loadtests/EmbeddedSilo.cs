using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansKube.Api;
using OrleansKube.Control.Scheduling.Configuration;
using OrleansKube.Grains.Hosting;
using OrleansKube.Manifests.Profiles;
using OrleansKube.Model.Resources;

namespace OrleansKube.LoadTests;

/// <summary>The single in-process silo the load tests run against when no gateway is given.</summary>
public static class EmbeddedSilo
{
    public static async Task<IHost> StartAsync(int nodes, string cpu, string memory, TimeSpan podStartDelay, SchedulerConfiguration? scheduler, CancellationToken cancellationToken, double timeScale = 1, IReadOnlyList<string>? zones = null, int maxPods = 110, int metricsPort = 0, int siloPort = 11211, int gatewayPort = 30100, int? seed = null, AdvancingTimeProvider? simulationTime = null, bool api = false, Quiescence? quiescence = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.AddFilter("Orleans.", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort);
            if (quiescence is not null)
            {
                silo.AddQuiescenceTracking(quiescence); // counts the work in flight; costs every grain call a little
            }
            if (metricsPort > 0)
            {
                silo.AddOrleansKubeTelemetry(new TelemetrySettings { PrometheusPort = metricsPort });
            }

            if (api)
            {
                silo.AddKubernetesApi(o => o.Port = 0); // a free port: KubeApiServer.Address
            }

            silo.AddOrleansKube(o =>
            {
                o.PodStartDelay = podStartDelay;
                o.TimeScale = simulationTime is null ? timeScale : 1; // the advancing clock is already scaled
                o.SimulationTime = simulationTime;
                o.Seed = seed;
                o.Scheduler = scheduler ?? SchedulerConfiguration.Default;
                o.Profile = new ClusterProfile
                {
                    Name = "loadtest",
                    Pools =
                    [
                        new NodePool
                        {
                            Name = "node",
                            Count = nodes,
                            Zones = [.. zones ?? ["zone-a", "zone-b", "zone-c"]],
                            Images = ["registry.k8s.io/pause:3.10"],
                            Capacity = new() { ["cpu"] = Quantity.Parse(cpu), ["memory"] = Quantity.Parse(memory), ["pods"] = Quantity.FromInteger(maxPods) },
                        },
                    ],
                };
            });
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }
}
