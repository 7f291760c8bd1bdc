namespace OrleansKube.ClusterTests;

/// <summary>
/// okctl given several gateways (<c>--server a,b</c>) of a two-silo cluster on one Redis: with the first one's silo
/// killed it connects through the second and serves. Waits are on the wall clock: the silo processes run on it.
/// </summary>
public sealed class GatewayFailoverTests
{
    [Fact]
    public async Task FirstGatewaysSiloKilled_OkctlWithBothGateways_ServesThroughTheSecond()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var first = SiloProcess.Start(redis);
        await using var second = SiloProcess.Start(redis);
        // Started, not only serving: a gateway answers before the silo's start has finished (its cluster bootstrap), and a
        // silo whose start meets the other's death fails to start and exits (a loaded machine made that happen).
        foreach (var silo in new[] { first, second })
        {
            await silo.StartedAsync();
            await silo.ServesAsync();
        }

        var both = $"{first.Server},{second.Server}";
        var manifest = Path.Combine(Directory.CreateTempSubdirectory("okube-gateways-").FullName, "kept.yaml");
        await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kept\n", TestContext.Current.CancellationToken);
        Assert.Equal(0, (await SiloProcess.OkctlAtAsync(both, "apply", "-f", manifest)).Exit);

        await first.KillAsync();
        var killed = System.Diagnostics.Stopwatch.GetTimestamp();
        var tries = 0;

        // The first gateway refuses connections; the client goes on through the second. Until membership counts the
        // killed silo dead, a call may still meet one of its grains and fail: that is a failed try, not a failed connection.
        (int Exit, string Out, string Err) result = default;
        await RealTime.UntilAsync(
            async () =>
            {
                tries++;
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                result = await SiloProcess.OkctlAtAsync(both, "get", "namespaces");
                TestContext.Current.SendDiagnosticMessage($"try {tries} at {System.Diagnostics.Stopwatch.GetElapsedTime(killed).TotalSeconds:0.0} s took {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s: {result.Exit} {result.Err.Trim()}");
                return result.Exit == 0;
            },
            () => $"okctl serves through the second gateway: {result.Err}; the second silo {(second.HasExited ? $"exited ({second.ExitCode})" : "runs")}: {Tail(second.Output)}",
            seconds: 120);
        Assert.Contains("kept", result.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await SiloProcess.OkctlAtAsync(both, "get", "nodes")).Exit);

        // The dead gateway alone: one line, exit 1.
        var alone = await SiloProcess.OkctlAtAsync(first.Server, "get", "nodes");
        Assert.Equal(1, alone.Exit);
        var line = Assert.Single(alone.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: cannot reach the cluster at {first.Server}: ", line, StringComparison.Ordinal);
    }

    private static string Tail(string output) => output.Length <= 4000 ? output : output[^4000..];
}
