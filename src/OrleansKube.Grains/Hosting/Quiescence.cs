namespace OrleansKube.Grains.Hosting;

/// <summary>
/// The work a silo has in flight: grain calls sent and not yet finished (counted by <see cref="QuiescenceCallFilter"/>)
/// and work its grains and services detach from their turns (<see cref="Run{TState}"/>). Each piece of work counts what it
/// starts before it ends, so the count reaches zero only when everything the last step of the simulation clock (or
/// the last request) set off has run: <see cref="WhenQuietAsync"/> is the barrier tests step the clock by. Off (a
/// no-op) unless a silo is built with <see cref="QuiescenceExtensions.AddQuiescenceTracking(ISiloBuilder, Quiescence)"/>.
/// </summary>
public sealed class Quiescence
{
    /// <summary>Tracks nothing: production silos.</summary>
    public static readonly Quiescence Off = new(enabled: false);

    private readonly Lock _lock = new();
    // All under _lock: what is in flight by kind, their total, and the generation Forget moves on.
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);
    private long _count;
    private int _generation;
    private TaskCompletionSource? _quiet;

    public Quiescence()
        : this(enabled: true)
    {
    }

    private Quiescence(bool enabled) => Enabled = enabled;

    public bool Enabled { get; }

    /// <summary>
    /// Work that outlives the turn that starts it (a bind the shard does not await, a campaign on a clock tick).
    /// The work takes its state as an argument, so a static lambda costs no allocation where tracking is off.
    /// </summary>
    public void Run<TState>(Func<TState, Task> work, TState state, string what)
    {
        if (!Enabled)
        {
            _ = work(state);
            return;
        }

        _ = RunTrackedAsync(work, state, what, Begin(what));
    }

    /// <summary>
    /// Forgets everything in flight: what a killed silo held will never finish. Work already started no longer
    /// counts; what it sets off from now on does. Call it once the survivors know the silo is dead.
    /// </summary>
    public void Forget()
    {
        TaskCompletionSource? quiet;
        lock (_lock)
        {
            _generation++;
            _count = 0;
            _open.Clear();
            (quiet, _quiet) = (_quiet, null);
        }

        quiet?.SetResult();
    }

    /// <summary>Completes once nothing is in flight (at once when nothing is).</summary>
    public Task WhenQuietAsync()
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                return Task.CompletedTask;
            }

            return (_quiet ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    /// <summary>What is in flight now, for a barrier that waited too long: "IPodGrain.BindAsync ×2, …".</summary>
    public string Describe()
    {
        lock (_lock)
        {
            return string.Join(", ", _open.Where(o => o.Value != 0).OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} ×{o.Value}")) is { Length: > 0 } open
                ? open
                : "nothing";
        }
    }

    /// <summary>Counts one piece of work; returns the generation to end it with.</summary>
    internal int Begin(string what)
    {
        lock (_lock)
        {
            _count++;
            _open[what] = _open.GetValueOrDefault(what) + 1;
            return _generation;
        }
    }

    internal void End(string what, int generation)
    {
        TaskCompletionSource? quiet;
        lock (_lock)
        {
            if (generation != _generation)
            {
                return; // forgotten
            }

            _open[what] = _open.GetValueOrDefault(what) - 1;
            if (--_count != 0)
            {
                return;
            }

            (quiet, _quiet) = (_quiet, null);
        }

        quiet?.SetResult();
    }

    private async Task RunTrackedAsync<TState>(Func<TState, Task> work, TState state, string what, int generation)
    {
        try
        {
            await work(state);
        }
        finally
        {
            End(what, generation);
        }
    }
}
