using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansKube.ClusterTests;

/// <summary>
/// A throw-away Prometheus (Debian's package; <c>.ci/run</c> installs it) on a free loopback port, scraping one
/// target every second, with its data in a temporary directory; queries go through its HTTP API.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
    }

    public static PrometheusServer Start(int targetPort)
    {
        var directory = Directory.CreateTempSubdirectory("prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: orleanskube
                static_configs:
                  - targets: ["localhost:{targetPort}"]
            """);
        var port = Helpers.FreePort();
        var process = Helpers.StartServer("prometheus", "prometheus", [$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}", $"--web.listen-address=127.0.0.1:{port}"]);
        return new PrometheusServer(process, directory, port);
    }

    /// <summary>An instant query's samples as (labels, value); empty while Prometheus is starting or has nothing yet.</summary>
    public async Task<List<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string query, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await _http.GetFromJsonAsync<JsonElement>($"api/v1/query?query={Uri.EscapeDataString(query)}", cancellationToken);
            return [.. answer.GetProperty("data").GetProperty("result").EnumerateArray().Select(r => (
                r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))];
        }
        catch (HttpRequestException)
        {
            return []; // not listening yet
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Helpers.StopServerAsync(_process);
        Directory.Delete(_directory, recursive: true);
    }
}
