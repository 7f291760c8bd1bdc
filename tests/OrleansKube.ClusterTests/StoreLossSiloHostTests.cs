using System.Diagnostics;

namespace OrleansKube.ClusterTests;

/// <summary>
/// The silo host's own path, as real processes on a real Redis: the health endpoints report a lost store, okctl
/// prints the refusal in one line, a new silo exits with one line instead of forming a second cluster, and the
/// lost silo stops in seconds. Waits are on the wall clock: the processes run on it (at --time-scale 10).
/// </summary>
public sealed class StoreLossSiloHostTests
{
    [Fact]
    public async Task StoreRestartedEmpty_HealthSaysLost_OkctlPrintsOneLine_ANewSiloExits1_AndTheSiloStopsQuickly()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var silo = SiloProcess.Start(redis);
        // Real time throughout: the silo processes run on the wall clock.
        await RealTime.UntilAsync(async () => (await silo.HealthAsync("/readyz"))?.Status == 200, () => $"the silo is ready: {silo.Output}");
        Assert.Equal(0, (await silo.OkctlAsync("get", "nodes")).Exit);

        await redis.RestartEmptyAsync();

        // The store watch finds the loss (every 5 s of simulated time, 0.5 s here); liveness stays, readiness goes.
        // Unreachable (503 too) may come first while Redis restarts; Lost is final.
        await RealTime.UntilAsync(async () => (await silo.HealthAsync("/readyz"))?.Body.StartsWith("store lost: ", StringComparison.Ordinal) == true, () => $"readiness reports the store lost: {silo.Output}");
        var ready = (await silo.HealthAsync("/readyz"))!.Value;
        Assert.StartsWith("store lost: ", ready.Body, StringComparison.Ordinal);
        Assert.Equal(503, (await silo.HealthAsync("/healthz"))!.Value.Status);
        Assert.Equal(200, (await silo.HealthAsync("/livez"))!.Value.Status);
        var scrape = await silo.ScrapeAsync();
        Assert.Matches("""okube_store_status\{[^}]*state="Lost"[^}]*\} 1""", scrape);
        Assert.Matches("""okube_store_status\{[^}]*state="Ok"[^}]*\} 0""", scrape);

        var (exit, _, error) = await silo.OkctlAsync("get", "configmaps");
        Assert.Equal(1, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Error from server (ServiceUnavailable): ", line, StringComparison.Ordinal);

        // A second silo on the emptied store refuses: exit 1, one line, no cluster of its own.
        await using var second = SiloProcess.Start(redis);
        await second.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, second.ExitCode);
        var refusal = Assert.Single(second.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: refusing to start: ", refusal, StringComparison.Ordinal);

        // The lost silo cannot leave its (gone) membership gracefully; it stops within the host's stop timeout anyway.
        var stopped = await silo.StopAsync();
        // Generous for a loaded machine; without the stop timeout the stop took about 2 min.
        Assert.True(stopped < OrleansKube.Silo.SiloHost.StopTimeout + TimeSpan.FromSeconds(50), $"the silo took {stopped.TotalSeconds:0.0} s to stop");
    }
}

/// <summary>
/// A full restart on a persistent Redis: every silo killed (their membership rows left Active), then one started.
/// It marks the rows of silos that refuse connections dead before joining, so it serves in seconds, not after the
/// ~100 s Orleans takes to vote the dead silos out.
/// </summary>
public sealed class FullRestartTests
{
    [Fact]
    public async Task EverySiloKilled_TheFirstSiloStartedAgain_ServesWithinSeconds_WithTheStoredObjects()
    {
        await using var redis = await RedisServer.StartAsync(appendOnly: true);
        int firstPort, secondPort;
        await using (var first = SiloProcess.Start(redis))
        await using (var second = SiloProcess.Start(redis))
        {
            foreach (var silo in new[] { first, second })
            {
                await silo.ServesAsync();
            }

            var manifest = Path.Combine(Directory.CreateTempSubdirectory("okube-restart-").FullName, "kept.yaml");
            await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kept\n", TestContext.Current.CancellationToken);
            Assert.Equal(0, (await first.OkctlAsync("apply", "-f", manifest)).Exit);
            (firstPort, secondPort) = (first.SiloPort, second.SiloPort);
            await first.KillAsync();
            await second.KillAsync();
        }

        var started = Stopwatch.GetTimestamp();
        await using var again = SiloProcess.Start(redis);
        await again.ServesAsync(120);
        TestContext.Current.SendDiagnosticMessage($"the first silo after a full restart served after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");

        // What makes it fast, not how fast this machine is: both killed silos' rows were marked dead before it joined
        // (Orleans would otherwise wait ~100 s to vote them out).
        var marked = again.Output.Split('\n').Where(l => l.Contains("refuses connections", StringComparison.Ordinal)).ToList();
        foreach (var port in new[] { firstPort, secondPort })
        {
            Assert.Contains(marked, l => l.Contains($":{port}:", StringComparison.Ordinal));
        }
        Assert.Contains("kept", (await again.OkctlAsync("get", "namespaces")).Out, StringComparison.Ordinal);
    }
}
