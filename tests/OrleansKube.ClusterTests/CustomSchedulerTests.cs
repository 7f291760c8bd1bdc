using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Api;

namespace OrleansKube.ClusterTests;

/// <summary>
/// The reference decks' custom schedulers against the API: the bash one (kubectl, jq and curl POSTing Bindings) binds
/// the pods whose schedulerName is my-scheduler, and a Go-style watch on <c>spec.schedulerName=my-scheduler,spec.nodeName=</c>
/// sees each pending pod ADDED and, once bound, DELETED.
/// </summary>
public sealed class CustomSchedulerTests(ApiClusterFixture cluster) : IClassFixture<ApiClusterFixture>
{
    private static string Script => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "clients", "bash", "my-scheduler.sh"));

    [Fact]
    public async Task TheDecksBashScheduler_BindsMySchedulersPods_WhichRun_WithScheduledEvents()
    {
        var server = cluster.SiloServices.GetRequiredService<KubeApiServer>().Address!;
        var names = new[] { "custom-a", "custom-b", "custom-c" };
        var pods = names.Select(n => Helpers.Pod("default", n)).ToList();
        foreach (var pod in pods)
        {
            pod.Spec.SchedulerName = "my-scheduler";
        }

        // The Go scheduler's watch, over plain HTTP as client-go sends it, started before the pods exist.
        using var http = new HttpClient { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        using var watch = await http.GetAsync("/api/v1/pods?fieldSelector=spec.schedulerName%3Dmy-scheduler%2Cspec.nodeName%3D&watch=true", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        var events = new List<(string Type, string Name)>();
        var reading = Task.Run(async () =>
        {
            using var reader = new StreamReader(await watch.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
            while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
            {
                var e = JsonNode.Parse(line)!;
                lock (events)
                {
                    events.Add((e["type"]!.GetValue<string>(), e["object"]!["metadata"]!["name"]!.GetValue<string>()));
                }
            }
        }, TestContext.Current.CancellationToken);
        List<(string Type, string Name)> Seen()
        {
            lock (events)
            {
                return [.. events];
            }
        }

        await cluster.Api.ApplyAsync([.. pods], ApplyMode.Apply);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(10));
        await RealTime.UntilAsync(() => Task.FromResult(Seen().Count(e => e.Type == "ADDED") == names.Length), () => $"the watch saw the pending pods; it saw {string.Join(", ", Seen())}");
        Assert.All(names, n => Assert.Null(Helpers.GetPodAsync(cluster, "default", n).Result.Spec.NodeName)); // nobody else schedules them

        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Script);
        info.Environment["SERVER"] = $"{server.Host}:{server.Port}";
        var home = Directory.CreateTempSubdirectory("okube-bash-scheduler-").FullName;
        info.Environment["HOME"] = home;
        var (output, errors) = (new System.Text.StringBuilder(), new System.Text.StringBuilder());
        string Printed()
        {
            lock (output)
            {
                return output.ToString();
            }
        }

        using var scheduler = Process.Start(info)!;
        scheduler.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        scheduler.ErrorDataReceived += (_, e) => { lock (output) { errors.AppendLine(e.Data); } };
        scheduler.BeginOutputReadLine();
        scheduler.BeginErrorReadLine();
        int Assigned() => System.Text.RegularExpressions.Regex.Count(Printed(), "Assigned custom-"); // curl's answer and the echo share a line
        try
        {
            // Real time: the scheduler is a bash loop of kubectl and curl with a sleep of its own. It prints a pod's line
            // after its bind, so wait for the lines too: killing it once the pods were bound cut the last one off.
            await RealTime.UntilAsync(
                async () => scheduler.HasExited || (Assigned() == names.Length && (await Task.WhenAll(names.Select(n => Helpers.GetPodAsync(cluster, "default", n)))).All(p => p.Spec.NodeName is not null)),
                "the bash scheduler bound every pod and said so", seconds: 120);
        }
        finally
        {
            scheduler.Kill(entireProcessTree: true);
            await scheduler.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        Assert.True(names.Length == Assigned(), Printed() + errors);
        await cluster.AdvanceUntilAsync(async () => (await Task.WhenAll(names.Select(n => Helpers.GetPodAsync(cluster, "default", n)))).All(p => p.Status?.Phase == PodPhase.Running), "the bound pods run");
        await RealTime.UntilAsync(() => Task.FromResult(Seen().Count(e => e.Type == "DELETED") == names.Length), () => $"the watch saw the pods leave its selector; it saw {string.Join(", ", Seen())}");

        using var kubectl = new Kubectl(cluster);
        var table = await kubectl.OkAsync("get", "pods");
        var scheduled = await kubectl.OkAsync("get", "events", "--field-selector", "reason=Scheduled");
        foreach (var name in names)
        {
            Assert.Matches($@"(?m)^{name}\s+1/1\s+Running\s+0\s+\S+$", table);
            Assert.Matches($@"(?m)\s+Normal\s+Scheduled\s+pod/{name}\s+Successfully assigned default/{name} to small-\d$", scheduled);
        }

        Assert.Equal(names.Order(StringComparer.Ordinal), Seen().Where(e => e.Type == "ADDED").Select(e => e.Name).Order(StringComparer.Ordinal));
        watch.Dispose();
        await Assert.ThrowsAnyAsync<Exception>(() => reading);
        Directory.Delete(home, recursive: true);
    }
}
