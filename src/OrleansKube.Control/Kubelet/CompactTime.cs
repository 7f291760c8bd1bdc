namespace OrleansKube.Control.Kubelet;

/// <summary>
/// An optional instant kept as its UTC ticks (0: none), 8 bytes where a <c>DateTimeOffset?</c> field takes 24: a node's
/// runtime keeps a dozen per pod, for every pod it runs. The simulation clock is UTC, so nothing is lost.
/// </summary>
internal static class CompactTime
{
    public static long Of(DateTimeOffset? time) => time?.UtcTicks ?? 0;

    public static DateTimeOffset? At(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
