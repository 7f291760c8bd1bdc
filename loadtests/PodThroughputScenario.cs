using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Cli;
using OrleansKube.Grains.Abstractions;
using OrleansKube.Model.Core;
using OrleansKube.Model.Meta;
using OrleansKube.Model.Resources;

namespace OrleansKube.LoadTests;

/// <summary>
/// Creates pods in batches through the API front and watches until every one is Running: end-to-end
/// throughput (first create → last Running) and the time from each pod's create to when it was seen Running.
/// </summary>
public static class PodThroughputScenario
{
    private const string Namespace = "loadtest";

    public static async Task<int> RunAsync(PodThroughputSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        using var host = settings.Gateway is null ? await EmbeddedSilo.StartAsync(settings.Nodes, "32", "256Gi", settings.PodStartDelay, null, cancellationToken) : await ClusterConnection.ConnectAsync(settings.Gateway, cancellationToken);
        var api = host.Services.GetRequiredService<IClusterClient>().GetGrain<IApiGrain>(0);
        var nodes = (await api.ListAsync(new ListQuery("nodes", null))).Count;
        await api.ApplyAsync([new Namespace { Metadata = new ObjectMeta { Name = Namespace } }], ApplyMode.Apply);
        await output.WriteLineAsync(settings.Deployments > 0
            ? $"cluster: {nodes} nodes ({(settings.Gateway is null ? "embedded silo" : settings.Gateway)}); creating {settings.Pods} pods through {settings.Deployments} Deployments"
            : $"cluster: {nodes} nodes ({(settings.Gateway is null ? "embedded silo" : settings.Gateway)}); creating {settings.Pods} pods in batches of {settings.Batch}, {settings.Parallel} in flight");

        var runId = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var createdAt = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var runningAt = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var polls = 0;
        var creates = settings.Deployments > 0 ? CreateDeploymentsAsync(api, settings, runId) : CreateAllAsync(api, settings, runId, createdAt, clock, cancellationToken);
        while (runningAt.Count < settings.Pods && clock.Elapsed < settings.Timeout)
        {
            await Task.Delay(100, cancellationToken);
            var now = clock.Elapsed;
            if (settings.Deployments > 0 && (polls++ % 5 == 0 || createdAt.Count < settings.Pods))
            {
                // The controllers name the pods: a pod's create is when it was first seen (any phase).
                foreach (var pod in await api.ListAsync(new ListQuery("pods", Namespace, $"run={runId}")))
                {
                    lock (createdAt)
                    {
                        createdAt.TryAdd(pod.Metadata.Name!, now);
                    }
                }
            }

            foreach (var pod in await api.ListAsync(new ListQuery("pods", Namespace, $"run={runId}", "status.phase=Running")))
            {
                if (settings.Deployments > 0)
                {
                    lock (createdAt)
                    {
                        createdAt.TryAdd(pod.Metadata.Name!, now); // first seen already Running
                    }
                }

                runningAt.TryAdd(pod.Metadata.Name!, now);
            }

            await output.WriteLineAsync($"  {now.TotalSeconds,6:F1}s  created {createdAt.Count,7}  running {runningAt.Count,7}");
        }

        await creates;
        Report(settings, createdAt, runningAt, clock.Elapsed, output);
        await host.StopAsync(CancellationToken.None);
        return runningAt.Count == settings.Pods ? 0 : 1;
    }

    private static async Task CreateAllAsync(IApiGrain api, PodThroughputSettings settings, string runId, Dictionary<string, TimeSpan> createdAt, Stopwatch clock, CancellationToken cancellationToken)
    {
        var batches = Enumerable.Range(0, settings.Pods).Chunk(settings.Batch);
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = settings.Parallel, CancellationToken = cancellationToken }, async (batch, _) =>
        {
            var sent = clock.Elapsed;
            await api.ApplyAsync([.. batch.Select(i => (KubeObject)Pod($"pod-{runId}-{i}", runId))], ApplyMode.Create);
            lock (createdAt)
            {
                foreach (var i in batch)
                {
                    createdAt[$"pod-{runId}-{i}"] = sent;
                }
            }
        });
    }

    private static async Task CreateDeploymentsAsync(IApiGrain api, PodThroughputSettings settings, string runId)
    {
        var deployments = Enumerable.Range(0, settings.Deployments).Select(i =>
        {
            var template = Pod("", runId);
            template.Metadata.Labels!["deployment"] = $"d{i}";
            return (KubeObject)new Model.Apps.Deployment
            {
                Metadata = new ObjectMeta { Name = $"deploy-{runId}-{i}", Namespace = Namespace },
                Spec = new Model.Apps.DeploymentSpec
                {
                    Replicas = (settings.Pods / settings.Deployments) + (i < settings.Pods % settings.Deployments ? 1 : 0),
                    Selector = new LabelSelector { MatchLabels = new() { ["run"] = runId, ["deployment"] = $"d{i}" } },
                    Template = new PodTemplateSpec { Metadata = new ObjectMeta { Labels = template.Metadata.Labels }, Spec = template.Spec },
                },
            };
        }).ToList();
        await api.ApplyAsync(deployments, ApplyMode.Create);
    }

    private static Pod Pod(string name, string runId) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = Namespace, Labels = new() { ["app"] = "loadtest", ["run"] = runId } },
        Spec = new PodSpec
        {
            Containers =
            [
                new Container
                {
                    Name = "app",
                    Image = "registry.k8s.io/pause:3.10",
                    Resources = new ResourceRequirements { Requests = new() { ["cpu"] = Quantity.Parse("10m"), ["memory"] = Quantity.Parse("16Mi") } },
                },
            ],
        },
    };

    private static void Report(PodThroughputSettings settings, Dictionary<string, TimeSpan> createdAt, Dictionary<string, TimeSpan> runningAt, TimeSpan elapsed, TextWriter output)
    {
        var latencies = runningAt.Where(r => createdAt.ContainsKey(r.Key)).Select(r => (r.Value - createdAt[r.Key]).TotalSeconds).Order().ToList();
        double Percentile(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
        var last = runningAt.Count == 0 ? elapsed : runningAt.Values.Max();
        output.WriteLine();
        output.WriteLine($"pods running           {runningAt.Count} / {settings.Pods}");
        output.WriteLine($"first create → all run {last.TotalSeconds:F2} s");
        output.WriteLine($"throughput             {runningAt.Count / Math.Max(last.TotalSeconds, 0.001):F0} pods/s");
        output.WriteLine($"create → seen Running  p50 {Percentile(0.50):F2} s, p90 {Percentile(0.90):F2} s, p99 {Percentile(0.99):F2} s (observed by 100 ms polling)");
        output.WriteLine($"process memory         {Environment.WorkingSet / (1024 * 1024)} MiB working set, {GC.GetTotalMemory(false) / (1024 * 1024)} MiB managed heap");
        output.WriteLine(runningAt.Count == settings.Pods ? "result                 PASS: every pod is Running" : $"result                 FAIL: {settings.Pods - runningAt.Count} pods not Running after {settings.Timeout.TotalSeconds:F0} s");
    }
}
