namespace OrleansKube.Control.Autoscaling;

/// <summary>
/// What an autoscaler's controller remembers between passes, in memory as upstream's does: the recommendations of the
/// stabilization windows and the scale events the rate policies count. Lost with the controller's activation (upstream
/// loses it on a restart of kube-controller-manager too).
/// </summary>
public sealed class ScalingHistory
{
    public List<(DateTimeOffset At, int Replicas)> Recommendations { get; } = [];

    public List<(DateTimeOffset At, int Change)> ScaleUps { get; } = [];

    public List<(DateTimeOffset At, int Change)> ScaleDowns { get; } = [];

    /// <summary>Replaces the oldest recommendation that has left every window, or adds one.</summary>
    internal void Recommend(int replicas, DateTimeOffset now, DateTimeOffset oldestKept)
    {
        var old = Recommendations.FindIndex(r => r.At < oldestKept);
        if (old >= 0)
        {
            Recommendations[old] = (now, replicas);
        }
        else
        {
            Recommendations.Add((now, replicas));
        }
    }

    /// <summary>Records a rescale for the rate policies, forgetting events older than the longest period that reads them.</summary>
    internal void RecordScale(int from, int to, DateTimeOffset now, TimeSpan longestPeriod)
    {
        var events = to > from ? ScaleUps : ScaleDowns;
        events.RemoveAll(e => e.At < now - longestPeriod);
        events.Add((now, Math.Abs(to - from)));
    }

    /// <summary>Replicas added (or removed) within the <paramref name="period"/> before now.</summary>
    internal static int ChangeWithin(List<(DateTimeOffset At, int Change)> events, TimeSpan period, DateTimeOffset now)
    {
        var cutoff = now - period;
        var change = 0;
        foreach (var e in events)
        {
            if (e.At > cutoff)
            {
                change += e.Change;
            }
        }

        return change;
    }
}
