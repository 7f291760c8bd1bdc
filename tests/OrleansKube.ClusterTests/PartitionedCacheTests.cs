using System.Globalization;
using System.Text.Json.Nodes;

namespace OrleansKube.ClusterTests;

/// <summary>A silo whose namespaced kinds have three watch cache partitions (<c>--watch-cache-partitions 3</c>).</summary>
public sealed class PartitionedClusterFixture : ApiClusterFixture
{
    public const int Partitions = 3;

    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        base.ConfigureSilo(silo);
        Helpers.PartitionWatchCaches(silo, Partitions);
    }
}

/// <summary>
/// The REST API over partitioned watch caches, as a client sees it: a paged list across namespaces in key order from one
/// snapshot, a watch across namespaces from its resourceVersion with every later write once, in resourceVersion order,
/// and a namespace's watch from a resourceVersion another namespace's partition issued.
/// </summary>
public sealed class PartitionedCacheTests(PartitionedClusterFixture cluster) : IClassFixture<PartitionedClusterFixture>
{
    [Fact]
    public async Task ListAndWatchAcrossNamespaces_SeeEveryPartition_InOrder()
    {
        var label = cluster.UniqueName("cells");
        var namespaces = await NamespacesOverEveryPartitionAsync("across");
        foreach (var ns in namespaces)
        {
            await CreateConfigMapAsync(ns, "a", label);
            await CreateConfigMapAsync(ns, "b", label);
        }

        var names = new List<string>();
        string? rv = null, next = null;
        do
        {
            var page = (await cluster.GetAsync($"/api/v1/configmaps?labelSelector=test%3D{label}&limit=3" + (next is null ? "" : $"&continue={next}"))).Body!;
            names.AddRange(page["items"]!.AsArray().Select(i => $"{i!["metadata"]!["namespace"]}/{i["metadata"]!["name"]}"));
            rv ??= page["metadata"]!["resourceVersion"]!.GetValue<string>();
            Assert.Equal(rv, page["metadata"]!["resourceVersion"]!.GetValue<string>()); // one snapshot
            next = page["metadata"]!["continue"]?.GetValue<string>();
        }
        while (!string.IsNullOrEmpty(next));

        foreach (var ns in namespaces)
        {
            await CreateConfigMapAsync(ns, "c", label);
        }

        // timeoutSeconds is wall-clock time by its definition: the stream ends on its own after it, its lines all sent.
        var watched = await cluster.Http.GetStringAsync(
            new Uri($"/api/v1/configmaps?watch=true&labelSelector=test%3D{label}&resourceVersion={rv}&timeoutSeconds=1", UriKind.Relative), TestContext.Current.CancellationToken);
        var events = watched.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();

        Assert.Equal(namespaces.Order(StringComparer.Ordinal).SelectMany(ns => new[] { $"{ns}/a", $"{ns}/b" }), names);
        // Each write once; in resourceVersion order, which across partitions need not be the order they were made in.
        Assert.Equal(namespaces.Select(ns => $"ADDED {ns}/c").Order(StringComparer.Ordinal), events.Select(e => $"{e["type"]} {e["object"]!["metadata"]!["namespace"]}/{e["object"]!["metadata"]!["name"]}").Order(StringComparer.Ordinal));
        var versions = events.Select(e => long.Parse(e["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.True(versions[0] > long.Parse(rv!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task WatchInOneNamespace_FromAResourceVersionAnotherPartitionIssued_IsServed()
    {
        var namespaces = await NamespacesOverEveryPartitionAsync("from");
        var busy = namespaces[0];
        var quiet = namespaces.First(ns => CacheKey.PartitionOf(ns, PartitionedClusterFixture.Partitions) != CacheKey.PartitionOf(busy, PartitionedClusterFixture.Partitions));
        string? rv = null;
        for (var i = 0; i < 5; i++)
        {
            rv = await CreateConfigMapAsync(busy, $"x{i}", "from");
        }

        await CreateConfigMapAsync(quiet, "later", "from");
        var watched = await cluster.Http.GetStringAsync(
            new Uri($"/api/v1/namespaces/{quiet}/configmaps?watch=true&resourceVersion={rv}&timeoutSeconds=1", UriKind.Relative), TestContext.Current.CancellationToken);

        var events = watched.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["ADDED later"], events.Select(e => $"{e["type"]} {e["object"]!["metadata"]!["name"]}"));
    }

    /// <summary>New namespaces, at least one in each partition.</summary>
    private async Task<List<string>> NamespacesOverEveryPartitionAsync(string prefix)
    {
        var namespaces = new List<string>();
        while (Enumerable.Range(0, PartitionedClusterFixture.Partitions).Any(p => !namespaces.Any(ns => CacheKey.PartitionOf(ns, PartitionedClusterFixture.Partitions) == p)))
        {
            namespaces.Add(await Helpers.CreateNamespaceAsync(cluster, prefix));
        }

        return namespaces;
    }

    /// <summary>Creates a ConfigMap labelled test=<paramref name="label"/>; returns its resourceVersion.</summary>
    private async Task<string> CreateConfigMapAsync(string ns, string name, string label)
    {
        var (code, _, body) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"test\":\"" + label + "\"}}}");
        Assert.Equal(201, code);
        return body!["metadata"]!["resourceVersion"]!.GetValue<string>();
    }
}
