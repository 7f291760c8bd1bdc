using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansKube.Api.Handling;
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
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null; // the front answers 413 itself, as a Status (RequestBody)
            kestrel.AddServerHeader = false;
            security.Listen(kestrel, options.Port);
        });
        builder.Services.Configure<KestrelServerOptions>(o => o.AllowSynchronousIO = false);
        _app = builder.Build();
        security.Use(_app);
        var front = new KubeApiHandler(silo);
        _app.Run(front.HandleAsync);
        await _app.StartAsync(cancellationToken);
        var bound = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(bound.Replace("[::]", "localhost", StringComparison.Ordinal));
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
