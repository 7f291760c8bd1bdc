using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansKube.Api;
using OrleansKube.Api.Security;

namespace OrleansKube.ClusterTests;

/// <summary>The API's defaults: plain HTTP on loopback only, no authentication, like <c>kubectl proxy</c>.</summary>
public sealed class ApiLoopbackTests(DefaultApiFixture api) : IClassFixture<DefaultApiFixture>
{
    [Fact]
    public async Task Default_NoToken_ServesPlainHttpOnLoopback()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{api.Port}/api/v1/namespaces/default/pods"), TestContext.Current.CancellationToken);

        Assert.Equal("http", api.Address.Scheme);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Default_NonLoopbackAddressOfThisMachine_HasNothingListening()
    {
        var addresses = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(a => a.Address))
            .Where(a => !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal)
            .ToList();
        if (addresses.Count == 0)
        {
            Assert.Skip("this machine has no address beyond loopback");
        }

        foreach (var address in addresses)
        {
            using var client = new TcpClient(address.AddressFamily);
            var error = await Assert.ThrowsAsync<SocketException>(async () => await client.ConnectAsync(address, api.Port, TestContext.Current.CancellationToken));
            Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
        }

        using var loopback = new TcpClient();
        await loopback.ConnectAsync(IPAddress.Loopback, api.Port, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Kubeconfig_Default_HasTheServerAndNoCredentials()
    {
        var written = await File.ReadAllTextAsync(api.KubeconfigPath, TestContext.Current.CancellationToken);

        Assert.Contains($"    server: \"http://localhost:{api.Port}\"\n", written);
        Assert.Contains("  user: {}\n", written);
        Assert.DoesNotContain("certificate-authority-data", written);
    }
}

/// <summary>Settings the API refuses to start with, each in one line naming what is missing or wrong.</summary>
public sealed class ApiSecurityRefusalTests
{
    private static async Task<ApiSecurityException> StartAsync(Action<KubeApiOptions> configure)
    {
        var options = new KubeApiOptions { Port = 0 };
        configure(options);
        var services = new ServiceCollection().AddSingleton(options).AddSingleton<ApiSecurity>().AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>)).BuildServiceProvider();
        await using var server = new KubeApiServer(options, services);
        return await Assert.ThrowsAsync<ApiSecurityException>(() => server.StartAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Start_AddressWithoutTokenFile_IsRefused()
    {
        var refusal = await StartAsync(o => o.Address = "127.0.0.1");

        Assert.Equal("--api-address 127.0.0.1: an API served beyond loopback requires --token-auth-file (OKUBE_TOKEN_AUTH_FILE)", refusal.Message);
    }

    [Fact]
    public async Task Start_MissingTokenFile_IsRefusedNamingIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"okube-missing-{Guid.NewGuid():N}.csv");

        var refusal = await StartAsync(o => o.Security.TokenAuthFile = path);

        Assert.StartsWith($"token file '{path}': ", refusal.Message);
        Assert.DoesNotContain('\n', refusal.Message);
    }

    private static async Task<(int Exit, string Error)> RunSiloAsync(params string[] arguments)
    {
        using var silo = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "OrleansKube.Silo"), [.. arguments, "--gateway-port", "0", "--silo-port", "0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var error = silo.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);

        // A genuine wall-clock wait: another process, which refuses before it starts anything.
        await silo.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return (silo.ExitCode, await error);
    }

    [Fact]
    public async Task SiloProgram_NonLoopbackAddressWithoutTokenFile_ExitsWithOneLine()
    {
        var (exit, error) = await RunSiloAsync("--api-address", "0.0.0.0");

        Assert.Equal(1, exit);
        Assert.Equal("error: --api-address 0.0.0.0: an API served beyond loopback requires --token-auth-file (OKUBE_TOKEN_AUTH_FILE)\n", error);
    }

    [Fact]
    public async Task SiloProgram_UnreadableTokenFile_ExitsWithOneLineNamingIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"okube-missing-{Guid.NewGuid():N}.csv");

        var (exit, error) = await RunSiloAsync("--token-auth-file", path);

        Assert.Equal(1, exit);
        Assert.StartsWith($"error: token file '{path}': ", error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task SiloProgram_AddressThatIsNoIp_ExitsWithOneLine()
    {
        var (exit, error) = await RunSiloAsync("--api-address", "example.com");

        Assert.Equal(1, exit);
        Assert.Equal("error: --api-address: Invalid value: \"example.com\": must be an IP address such as 0.0.0.0 or 192.168.1.10\n", error);
    }
}
