using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Api;

namespace OrleansKube.ClusterTests;

/// <summary>
/// An informer of the official JavaScript client (@kubernetes/client-node, run by Node.js from tests/clients/node) on
/// a namespace's pods while 1,000 pods are created, run and deleted: it must see each pod added once, its changes in
/// resourceVersion order, and its deletion once — none missing, none repeated.
/// </summary>
public sealed class ClientNodeInformerTests(ClientNodeInformerTests.Fixture cluster) : IClassFixture<ClientNodeInformerTests.Fixture>
{
    /// <summary>Room for the test's 1,000 pods: ten nodes of 110 pods.</summary>
    public sealed class Fixture : ApiClusterFixture
    {
        protected override Manifests.Profiles.ClusterProfile ClusterProfile { get; } = new()
        {
            Name = "informer",
            Pools =
            [
                new Manifests.Profiles.NodePool
                {
                    Name = "big",
                    Images = Helpers.PrePulledImages,
                    Count = 10,
                    Capacity = new() { ["cpu"] = Model.Resources.Quantity.Parse("64"), ["memory"] = Model.Resources.Quantity.Parse("256Gi"), ["pods"] = Model.Resources.Quantity.Parse("110") },
                },
            ],
        };
    }

    private const int Pods = 1_000;

    private static string ClientDirectory => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "clients", "node"));

    [Fact]
    public async Task AnInformer_SeesEveryPodAddedModifiedAndDeleted_OnceAndInOrder()
    {
        Assert.True(Directory.Exists(Path.Combine(ClientDirectory, "node_modules", "@kubernetes", "client-node")), $"the JavaScript client is not installed: run `npm ci --prefix {ClientDirectory}` (the README's test set-up does)");
        var ns = await Helpers.CreateNamespaceAsync(cluster, "informer");
        var server = cluster.SiloServices.GetRequiredService<KubeApiServer>().Address!.ToString().TrimEnd('/');
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = ClientDirectory };
        foreach (var arg in (string[])["informer.mjs", server, ns])
        {
            info.ArgumentList.Add(arg);
        }

        using var informer = Process.Start(info)!;
        var lines = new List<JsonNode>();
        var errors = new System.Text.StringBuilder();
        informer.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        informer.BeginErrorReadLine();
        var reading = Task.Run(async () =>
        {
            while (await informer.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
            {
                lock (lines)
                {
                    lines.Add(JsonNode.Parse(line)!);
                }
            }
        }, TestContext.Current.CancellationToken);
        List<(string Type, string? Name, long Rv, string? Phase)> Seen()
        {
            lock (lines)
            {
                return [.. lines.Select(l => (l["type"]!.GetValue<string>(), l["name"]?.GetValue<string>(), long.TryParse(l["rv"]?.GetValue<string>(), out var rv) ? rv : 0, l["phase"]?.GetValue<string>()))];
            }
        }

        string Describe() => $"the informer printed {Seen().Count} lines; last: {string.Join(", ", Seen().TakeLast(5))}; stderr: {errors}";

        try
        {
            // Real time: the informer is another process and says when its first list is done.
            await RealTime.UntilAsync(() => Task.FromResult(informer.HasExited || Seen().Any(e => e.Type == "CONNECTED")), Describe);
            Assert.False(informer.HasExited, Describe());

            var names = Enumerable.Range(0, Pods).Select(i => $"p-{i:D4}").ToList();
            foreach (var batch in names.Chunk(100))
            {
                await cluster.Api.ApplyAsync([.. batch.Select(n => Helpers.Pod(ns, n, cpu: "1m", memory: "1Mi"))], ApplyMode.Apply);
            }

            await cluster.AdvanceUntilAsync(async () => await cluster.Api.CountAsync(new ListQuery("Pod", ns, FieldSelector: "status.phase=Running")) == Pods, $"{Pods} pods run");
            foreach (var name in names)
            {
                await cluster.Api.DeleteAsync("Pod", ns, name, gracePeriodSeconds: 0);
            }

            await cluster.SettleAsync();
            await RealTime.UntilAsync(() => Task.FromResult(Seen().Count(e => e.Type == "DELETED") >= Pods), Describe, seconds: 120);

            var seen = Seen().Where(e => e.Name is not null).ToList();
            var byPod = seen.GroupBy(e => e.Name!).ToDictionary(g => g.Key, g => g.ToList());
            Assert.Equal(names, byPod.Keys.Order(StringComparer.Ordinal));
            foreach (var (name, events) in byPod)
            {
                Assert.True(events.Count(e => e.Type == "ADDED") == 1 && events[0].Type == "ADDED", $"{name}: {string.Join(", ", events)}");
                Assert.True(events.Count(e => e.Type == "DELETED") == 1 && events[^1].Type == "DELETED", $"{name}: {string.Join(", ", events)}");
                Assert.Contains(events, e => e.Type == "MODIFIED" && e.Phase == "Running");
                var versions = events.Select(e => e.Rv).ToList();
                Assert.True(versions.SequenceEqual(versions.Order()) && versions.Distinct().Count() == versions.Count, $"{name}: resourceVersions in order, none repeated: {string.Join(", ", events)}");
            }

            Assert.DoesNotContain(Seen(), e => e.Type == "ERROR");
        }
        finally
        {
            informer.StandardInput.Close();
            if (!informer.WaitForExit(10_000))
            {
                informer.Kill(entireProcessTree: true);
            }

            await reading;
        }
    }
}
