using System.CommandLine;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using OrleansKube.Control.Scheduling.Configuration;
using OrleansKube.Manifests.Profiles;
using OrleansKube.Model.Resources;
using OrleansKube.Silo;

namespace OrleansKube.ClusterTests;

/// <summary>The silo host's Kubernetes API: kubectl proxy's port by default, on loopback only.</summary>
public sealed class ApiSiloHostTests
{
    [Fact]
    public void ApiPort_NotGiven_IsKubectlProxysPort()
    {
        var options = new SiloOptions();

        var result = new RootCommand { options.ApiPort }.Parse([]);

        var expected = int.TryParse(Environment.GetEnvironmentVariable("OKUBE_API_PORT"), out var fromEnv) ? fromEnv : 8001;
        Assert.Equal(expected, result.GetValue(options.ApiPort));
    }

    [Fact]
    public async Task SiloHost_WithAnApiPort_ServesKubectlOnLoopback_AndNothingBeyond()
    {
        var ct = TestContext.Current.CancellationToken;
        var (siloPort, gatewayPort, apiPort) = (Helpers.FreePort(), Helpers.FreePort(), Helpers.FreePort());
        var profile = new ClusterProfile
        {
            Name = "api",
            Pools = [new NodePool { Name = "node", Count = 2, Images = ["registry.k8s.io/pause:3.10"], Capacity = new() { ["cpu"] = Quantity.Parse("4"), ["memory"] = Quantity.Parse("8Gi"), ["pods"] = Quantity.Parse("110") } }],
        };
        using var host = SiloHost.Build(profile, SchedulerConfiguration.Default, siloPort, gatewayPort, TimeSpan.Zero, apiPort: apiPort);
        await host.StartAsync(ct);
        try
        {
            using var http = new HttpClient();
            var version = await http.GetStringAsync(new Uri($"http://127.0.0.1:{apiPort}/version"), ct);
            Assert.Contains("\"minor\":\"32\"", version, StringComparison.Ordinal);
            using var nodes = await http.GetAsync(new Uri($"http://localhost:{apiPort}/api/v1/nodes"), ct);
            Assert.Equal(System.Net.HttpStatusCode.OK, nodes.StatusCode);

            foreach (var address in NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(a => a.Address)
                         .Where(a => !System.Net.IPAddress.IsLoopback(a) && a.AddressFamily == AddressFamily.InterNetwork))
            {
                using var client = new TcpClient();
                var refused = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(address, apiPort, ct).AsTask());
                Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
            }
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
