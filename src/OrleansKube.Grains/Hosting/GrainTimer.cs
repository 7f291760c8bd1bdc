namespace OrleansKube.Grains.Hosting;

/// <summary>
/// A one-shot timer on the injected clock that wakes a grain through its own reference (so fake clocks in
/// tests drive it). Created with execution-context flow suppressed: the callback must not carry the request
/// context of the turn that armed it, or its call joins that turn's call chain.
/// </summary>
public sealed class GrainTimer(TimeProvider time, Func<Task> wake) : IDisposable
{
    private ITimer? _timer;

    public void WakeAt(DateTimeOffset? due)
    {
        if (due is null)
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        if (_timer is null)
        {
            using (ExecutionContext.SuppressFlow())
            {
                _timer = time.CreateTimer(_ => wake().Ignore(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }

        var delay = due.Value - time.GetUtcNow();
        _timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _timer?.Dispose();
}
