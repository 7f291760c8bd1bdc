using Microsoft.Extensions.Logging;
using OrleansKube.Control.Namespaces;
using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Namespaces;

/// <summary>
/// The namespace controller of one terminating namespace, over <see cref="NamespaceReconciler"/>: lists the content,
/// writes the deletion conditions, then deletes what the pass chose through the API (pods gracefully, the rest in
/// the background) at most <see cref="NamespaceReconciler.MaxDeletesPerTurn"/> per turn, so other messages to the
/// silo interleave; lists again when the batch is done, and looks again every 2 s of simulated time while content
/// is still going. With nothing left it removes the <c>kubernetes</c> finalizer and the namespace goes. Its state is
/// in memory: the namespace's reload and the controller-manager's resync start it again.
/// </summary>
public sealed partial class NamespaceControllerGrain(SimulationClock clock, ILogger<NamespaceControllerGrain> logger) : Grain, INamespaceControllerGrain
{
    private static readonly KindInfo[] ContentKinds = [.. Kinds.All.Where(k => k.Namespaced)];

    private readonly Queue<KubeObject> _toDelete = new();
    private readonly List<string> _failures = [];
    private GrainTimer? _recheck;
    private bool _running;
    private bool _syncQueued;

    private string Name => ObjectKey.Parse(this.GetPrimaryKeyString()).Name;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(TimeSpan.MaxValue); // its queue lives in memory until the namespace is gone
        _recheck = new GrainTimer(clock, this.AsReference<INamespaceControllerGrain>().SyncAsync);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _recheck?.Dispose();
        return Task.CompletedTask;
    }

    public Task NamespaceChangedAsync(Immutable<KubeObject> ns)
    {
        // Each pass reads the namespace itself; later passes drive themselves (the next turn, or the recheck), so the
        // notifications of the controller's own status writes change nothing.
        if (ns.Value.Metadata.DeletionTimestamp is not null && !_running)
        {
            _running = true;
            QueueSync();
        }

        return Task.CompletedTask;
    }

    public Task ResyncAsync(Immutable<KubeObject> ns) => NamespaceChangedAsync(ns);

    public async Task SyncAsync()
    {
        _syncQueued = false;
        if (!_running)
        {
            return;
        }

        try
        {
            if (_toDelete.Count > 0)
            {
                await DeleteTurnAsync();
                QueueSync(); // the rest of the batch, or a fresh look once it is done
                return;
            }

            await PassAsync();
        }
        catch (Exception e)
        {
            // The namespace's grain or the index out of reach (a silo going): look again later, as upstream requeues.
            LogPassFailed(logger, Name, e.Message);
            _recheck?.WakeAt(clock.Time.GetUtcNow() + NamespaceReconciler.RecheckPeriod);
        }
    }

    private async Task PassAsync()
    {
        var grain = GrainFactory.Get<INamespaceGrain>(ObjectKey.For(Kinds.Namespace, null, Name).ToString());
        if (await grain.GetAsync() is not Namespace { Metadata.DeletionTimestamp: not null } ns)
        {
            // Gone already (a late notification woke this activation), or never marked: nothing to do.
            _running = false;
            DeactivateOnIdle();
            return;
        }

        var api = GrainFactory.Get<IApiGrain>(0);
        var lists = await Task.WhenAll(ContentKinds.Select(kind => api.ListAsync(new ListQuery(kind.Plural, Name))));
        var content = lists.SelectMany(l => l).ToList();
        var pass = NamespaceReconciler.Plan(ns, content, _failures, clock.Time.GetUtcNow());
        _failures.Clear();
        if (!SameStatus(ns.Status, pass.Status))
        {
            // The status subresource without a resourceVersion: the controller's own view of the status is the one to write.
            await grain.UpdateStatusAsync(ns with { Metadata = ns.Metadata with { ResourceVersion = null }, Status = pass.Status });
        }

        if (pass.Finalize)
        {
            await grain.FinalizeAsync(NamespaceLifecycle.Finalizer);
            LogFinalized(logger, Name);
            _running = false;
            DeactivateOnIdle();
            return;
        }

        foreach (var obj in pass.Delete)
        {
            _toDelete.Enqueue(obj);
        }

        if (pass.RecheckAt is { } at)
        {
            _recheck?.WakeAt(at);
        }
        else
        {
            QueueSync();
        }
    }

    private async Task DeleteTurnAsync()
    {
        var batch = new List<KubeObject>();
        while (batch.Count < NamespaceReconciler.MaxDeletesPerTurn && _toDelete.TryDequeue(out var obj))
        {
            batch.Add(obj);
        }

        var api = GrainFactory.Get<IApiGrain>(0);
        await Task.WhenAll(batch.Select(async obj =>
        {
            var kind = Kinds.Of(obj);
            try
            {
                await api.DeleteAsync(kind.Plural, Name, obj.Metadata.Name!);
            }
            catch (ApiException e) when (e.Reason == ApiErrorReason.NotFound)
            {
                // Gone since the list (its owner's collection, its controller): as wanted.
            }
            catch (Exception e)
            {
                _failures.Add($"{kind.QualifiedPlural} \"{obj.Metadata.Name}\": {e.Message.Split(Environment.NewLine)[0]}");
            }
        }));
    }

    private void QueueSync()
    {
        if (!_syncQueued)
        {
            _syncQueued = true;
            this.AsReference<INamespaceControllerGrain>().SyncAsync().Ignore();
        }
    }

    private static bool SameStatus(NamespaceStatus? a, NamespaceStatus b) =>
        a is not null && a.Phase == b.Phase && (a.Conditions ?? []).SequenceEqual(b.Conditions ?? []);

    [LoggerMessage(Level = LogLevel.Information, Message = "Namespace {Namespace} emptied and finalized")]
    private static partial void LogFinalized(ILogger logger, string @namespace);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Namespace {Namespace}: pass failed, looked at again later: {Reason}")]
    private static partial void LogPassFailed(ILogger logger, string @namespace, string reason);
}
