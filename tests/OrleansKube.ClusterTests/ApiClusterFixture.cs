using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Api;

namespace OrleansKube.ClusterTests;

/// <summary>The test cluster with its Kubernetes API on a free loopback port, and an HTTP client for it.</summary>
public class ApiClusterFixture : ClusterFixture
{
    private HttpClient? _http;

    public HttpClient Http => _http ??= new HttpClient { BaseAddress = SiloServices.GetRequiredService<KubeApiServer>().Address };

    protected override void ConfigureSilo(ISiloBuilder silo) => silo.AddKubernetesApi(o => o.Port = 0);

    /// <summary>Sends a request; returns its status code, content type and body parsed as JSON (null when not JSON).</summary>
    public async Task<(int Code, string? ContentType, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await Http.SendAsync(request);

        // The header as sent (read before the body, whose charset lookup parses it): the parsed form re-spaces its parameters.
        var answered = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : null;
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        try
        {
            json = text.Length > 0 ? JsonNode.Parse(text) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            // a text body (logs, health)
        }

        return ((int)response.StatusCode, answered, json);
    }

    public Task<(int Code, string? ContentType, JsonNode? Body)> GetAsync(string path, string? accept = null) => SendAsync(HttpMethod.Get, path, accept: accept);

    public override async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        await base.DisposeAsync();
    }
}
