namespace OrleansKube.Control.Kubelet;

/// <summary>
/// The kubelet's restart back-off for one container (upstream's <c>flowcontrol.Backoff</c> with 10 s initial
/// and 300 s maximum): the first exit restarts at once and arms 10 s; each later exit waits the armed delay,
/// which doubles (20, 40 … 300) when the restart happens. An entry whose last exit is more than twice the
/// maximum before the new one has expired: the container ran well for a while and starts over at 10 s.
/// </summary>
public sealed class CrashLoopBackoff
{
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Maximum = TimeSpan.FromMinutes(5);

    private TimeSpan? _delay;
    private DateTimeOffset _lastUpdate;

    /// <summary>The delay armed now (what <c>back-off 20s restarting failed container</c> reports).</summary>
    public TimeSpan? Delay => _delay;

    /// <summary>How long a container that exited at <paramref name="finishedAt"/> must wait before it restarts (zero: restart now).</summary>
    public TimeSpan WaitAfter(DateTimeOffset finishedAt) =>
        _delay is { } delay && !Expired(finishedAt) ? delay : TimeSpan.Zero;

    /// <summary>Records a restart of the container that exited at <paramref name="finishedAt"/>: arms 10 s, or doubles what is armed.</summary>
    public void Restarted(DateTimeOffset finishedAt)
    {
        _delay = _delay is { } delay && !Expired(finishedAt) ? TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Maximum.Ticks)) : Initial;
        _lastUpdate = finishedAt;
    }

    private bool Expired(DateTimeOffset eventTime) => eventTime - _lastUpdate > 2 * Maximum;
}
