using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansKube.Grains.Hosting;

/// <summary>
/// A silo's start waits here for the cluster's first silos (<see cref="OrleansKubeOptions.InitialSilos"/>) to be active,
/// as a database waits for its quorum: grains activated while one silo runs stay on it (scheduler shards, watch cache
/// partitions, and what starts beside them), so a cluster whose silos start one by one would keep its start-up work on
/// the first. Silos that join later count too, or after <see cref="Timeout"/> the silo goes on with those there are.
/// </summary>
public sealed partial class InitialSilos(IOptions<OrleansKubeOptions> options, IClusterMembershipService membership, ILogger<InitialSilos> logger)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly Lazy<Task> _joined = new(() => WaitAsync(options.Value.InitialSilos, membership, logger));

    /// <summary>Completes once the initial silos are active (at once for one).</summary>
    public Task JoinedAsync() => options.Value.InitialSilos <= 1 ? Task.CompletedTask : _joined.Value;

    private static async Task WaitAsync(int wanted, IClusterMembershipService membership, ILogger logger)
    {
        LogWaiting(logger, wanted);
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(timeout.Token))
            {
                var active = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
                if (active >= wanted)
                {
                    LogJoined(logger, active);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            LogTimedOut(logger, wanted, Timeout.TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for {Wanted} silos to be active before starting")]
    private static partial void LogWaiting(ILogger logger, int wanted);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Active} silos active: starting")]
    private static partial void LogJoined(ILogger logger, int active);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fewer than {Wanted} silos active after {Seconds} s: starting with those there are")]
    private static partial void LogTimedOut(ILogger logger, int wanted, double seconds);
}
