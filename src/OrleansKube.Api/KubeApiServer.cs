using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansKube.Api.Security;

namespace OrleansKube.Api;

/// <summary>
/// The Kubernetes REST API of one silo: its own Kestrel host beside the silo (so test silos, several in a process,
/// each get one on a port of their own), calling the silo's grains through the silo's own services.
/// </summary>
public sealed class KubeApiServer(KubeApiOptions options, IServiceProvider silo) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The address it listens on once started (<c>http://127.0.0.1:8001</c>).</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var security = silo.GetRequiredService<ApiSecurity>();
        security.Prepare();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => security.Listen(kestrel, options.Port));
        builder.Services.AddSingleton(silo.GetRequiredService<IGrainFactory>());
        _app = builder.Build();
        security.Use(_app);
        _app.MapGet("/version", () => Results.Json(new { major = "1", minor = "32", gitVersion = "v1.32.0" }));
        await _app.StartAsync(cancellationToken);
        var bound = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(bound);
        security.Publish(Address);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
