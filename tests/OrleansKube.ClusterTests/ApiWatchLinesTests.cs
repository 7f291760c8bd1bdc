using System.Text.Json.Nodes;

namespace OrleansKube.ClusterTests;

/// <summary>
/// Watch event lines over HTTP as several watchers share them: every watcher gets every event of a batch, each line
/// the object as GET returns it, written as upstream writes JSON (quotes escaped, non-ASCII as itself).
/// </summary>
public sealed class ApiWatchLinesTests(ApiClusterFixture cluster) : IClassFixture<ApiClusterFixture>
{
    [Fact]
    public async Task Watch_BySeveralClients_EachGetsEveryEventOfABatch_AsTheObjectItself()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "lines");
        var list = (await cluster.GetAsync($"/api/v1/namespaces/{ns}/configmaps")).Body!;
        var rv = list["metadata"]!["resourceVersion"]!.GetValue<string>();
        foreach (var name in new[] { "a", "b", "c" })
        {
            var body = "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"text\":\"sagt \\\"grüß dich\\\" <b>&</b>\"}}";
            Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", body)).Code);
        }

        // timeoutSeconds is wall-clock time by its definition: each stream ends on its own after it, its lines all sent.
        var path = new Uri($"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={rv}&timeoutSeconds=1", UriKind.Relative);
        var streams = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => cluster.Http.GetStringAsync(path, TestContext.Current.CancellationToken)));

        var got = (await cluster.GetAsync($"/api/v1/namespaces/{ns}/configmaps/b")).Body!;
        foreach (var text in streams)
        {
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["a", "b", "c"], lines.Select(l => JsonNode.Parse(l)!["object"]!["metadata"]!["name"]!.GetValue<string>()));
            Assert.All(lines, l => Assert.StartsWith("{\"type\":\"ADDED\",\"object\":{", l, StringComparison.Ordinal));
            Assert.True(JsonNode.DeepEquals(got, JsonNode.Parse(lines[1])!["object"]), lines[1]);
            Assert.Contains("sagt \\\"grüß dich\\\" <b>&</b>", lines[1], StringComparison.Ordinal);
        }
    }
}
