using System.Net;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansKube.Grains.Hosting;

namespace OrleansKube.Silo;

/// <summary>
/// The silo's health (on loopback unless it listens elsewhere), as the API server's: <c>/livez</c> (the process serves), <c>/readyz</c> and
/// <c>/healthz</c> (the silo is active and its store Ok; 503 with the reason when the store is unreachable or lost).
/// </summary>
public sealed partial class HealthEndpoints(IReadOnlyList<string> prefixes, StoreHealth store, IHostApplicationLifetime lifetime, ILogger<HealthEndpoints> logger) : IHostedService, IDisposable
{
    private HttpListener _listener = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task? _serving;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            foreach (var prefix in prefixes)
            {
                _listener.Prefixes.Add(prefix);
            }

            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException e)
            {
                // Another silo on this machine has the port: the silo serves without health endpoints rather than not at all.
                LogUnavailable(logger, string.Join(", ", prefixes), e.Message);
                return Task.CompletedTask;
            }
            catch (ArgumentNullException) when (attempt < 5)
            {
                // .NET's managed HttpListener on Linux fails its own Start when a client connects at that very moment (its
                // accept runs before its lock object exists: dotnet/corefx#35191), as a health probe polling the port does.
                // A failed Start disposes the listener: a new one tries again.
                ((IDisposable)_listener).Dispose();
                _listener = new HttpListener();
            }
        }

        _serving = ServeAsync();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_listener.IsListening)
        {
            _listener.Stop();
        }

        if (_serving is not null)
        {
            await _serving.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        ((IDisposable)_listener).Dispose();
        _stopping.Dispose();
    }

    /// <summary>What a path answers: the status code and a one-line body.</summary>
    public static (int Status, string Body) Answer(string path, bool started, StoreState state, string? reason) => path switch
    {
        "/livez" => (200, "ok"),
        "/readyz" or "/healthz" when !started => (503, "the silo is starting"),
        "/readyz" or "/healthz" when state == StoreState.Ok => (200, "ok"),
        "/readyz" or "/healthz" => (503, $"store {state.ToString().ToLowerInvariant()}: {reason}"),
        _ => (404, "not found: /livez, /readyz, /healthz"),
    };

    private async Task ServeAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }

            var (status, body) = Answer(context.Request.Url?.AbsolutePath ?? "/", lifetime.ApplicationStarted.IsCancellationRequested, store.State, store.Reason);
            var bytes = Encoding.UTF8.GetBytes(body + "\n");
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/plain; charset=utf-8";
            context.Response.ContentLength64 = bytes.Length;
            try
            {
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                // The client went away.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health endpoints off: {Prefixes} cannot be bound ({Reason}); give this silo another --health-port")]
    private static partial void LogUnavailable(ILogger logger, string prefixes, string reason);
}
