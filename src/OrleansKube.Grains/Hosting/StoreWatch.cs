using Microsoft.Extensions.Logging;

namespace OrleansKube.Grains.Hosting;

/// <summary>
/// Asks the store every <see cref="Interval"/> of the simulation clock, and at once when the connection comes back,
/// whether it still holds the cluster, so an idle silo learns of a lost or returned store too; renews the tombstone
/// while the store is lost. Exports the state as <c>okube.store.status{state}</c> and logs each change.
/// </summary>
public sealed partial class StoreWatch(ObjectRepository repository, StoreHealth health, SimulationClock clock, Quiescence quiescence, KubeMetrics metrics, ILogger<StoreWatch> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private GrainTimer? _timer;
    private int _checking;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(StoreWatch), ServiceLifecycleStage.Active, _ =>
        {
            using (ExecutionContext.SuppressFlow())
            {
                health.Changed += OnChanged;
                metrics.Store.Add(this, () => health.State);
                if (repository is RedisObjectRepository redis)
                {
                    redis.Reconnected += CheckNow;
                }

                _timer = new GrainTimer(clock, TickAsync);
                _timer.WakeAt(clock.Time.GetUtcNow() + Interval);
            }

            return Task.CompletedTask;
        }, _ =>
        {
            _timer?.Dispose();
            health.Changed -= OnChanged;
            metrics.Store.Remove(this);
            if (repository is RedisObjectRepository redis)
            {
                redis.Reconnected -= CheckNow;
            }

            return Task.CompletedTask;
        });

    private Task TickAsync()
    {
        _timer?.WakeAt(clock.Time.GetUtcNow() + Interval);
        CheckNow();
        return Task.CompletedTask;
    }

    private void CheckNow() => quiescence.Run(static watch => watch.CheckAsync(), this, nameof(StoreWatch));

    private async Task CheckAsync()
    {
        if (Interlocked.Exchange(ref _checking, 1) == 1)
        {
            return; // the previous check still waits for the store
        }

        try
        {
            await repository.CheckAsync();
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
    }

    private void OnChanged(StoreState state)
    {
        if (state == StoreState.Ok)
        {
            LogStoreOk(logger);
        }
        else
        {
            LogStoreNotOk(logger, state, health.Reason ?? "");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The store answers again")]
    private static partial void LogStoreOk(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "The store is {State}: {Reason}")]
    private static partial void LogStoreNotOk(ILogger logger, StoreState state, string reason);
}
