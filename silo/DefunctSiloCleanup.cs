using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace OrleansKube.Silo;

/// <summary>
/// Before a silo joins, marks dead the membership rows of silos whose endpoint refuses connections: after every
/// silo of the cluster was stopped, their rows still say Active, and a joining silo would wait for each to be
/// voted dead (about 100 s) before it serves. A refused connection on loopback or a reachable host means no silo
/// listens there; an endpoint that does not answer at all is left to Orleans' own failure detection.
/// </summary>
public sealed partial class DefunctSiloCleanup(IMembershipTable table, ILocalSiloDetails local, ILogger<DefunctSiloCleanup> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    // After the membership table is initialised (RuntimeGrainServices), before the silo writes its own row and joins (AfterRuntimeGrainServices).
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DefunctSiloCleanup), ServiceLifecycleStage.RuntimeGrainServices + 1, CleanAsync);

    private async Task CleanAsync(CancellationToken cancellationToken)
    {
        var data = await table.ReadAllAsync(cancellationToken);
        foreach (var (entry, _) in data.Members)
        {
            if (entry.Status is SiloStatus.Dead or SiloStatus.None || entry.SiloAddress.Endpoint.Equals(local.SiloAddress.Endpoint)
                || !await RefusesAsync(entry.SiloAddress.Endpoint, cancellationToken))
            {
                continue;
            }

            // Each update takes the table's next version: read again, as another silo may be starting too.
            var fresh = await table.ReadRowAsync(entry.SiloAddress, cancellationToken);
            if (fresh.Members.FirstOrDefault() is not { } row || row.Item1.Status == SiloStatus.Dead)
            {
                continue;
            }

            row.Item1.Status = SiloStatus.Dead;
            if (await table.UpdateRowAsync(row.Item1, row.Item2, fresh.Version.Next(), cancellationToken))
            {
                LogDefunct(logger, entry.SiloAddress.ToString());
            }
        }
    }

    private static async Task<bool> RefusesAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await client.ConnectAsync(endpoint, timeout.Token);
            return false;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode == SocketError.ConnectionRefused;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} refuses connections: its membership row is marked dead before joining")]
    private static partial void LogDefunct(ILogger logger, string silo);
}
