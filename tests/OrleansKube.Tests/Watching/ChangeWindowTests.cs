using OrleansKube.Control.Watching;

namespace OrleansKube.Tests.Watching;

public class ChangeWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(5);

    private static Change Deleted(long rv, DateTimeOffset at) =>
        new(rv, ChangeType.Deleted, new Pod { Metadata = new ObjectMeta { Name = $"p{rv}", Namespace = "ns" } }, null, at);

    private static void Burst(ChangeWindow window, long from, int count, DateTimeOffset at)
    {
        for (var rv = from; rv < from + count; rv++)
        {
            window.Append(Deleted(rv, at));
        }
    }

    [Fact]
    public void Append_NobodyReadForARetention_KeepsOnlyTheIdleCapacity()
    {
        var window = new ChangeWindow(1_000, Retention, 0, idleCapacity: 10, readAt: T0);
        var later = T0 + Retention;

        Burst(window, 1, 500, later);

        Assert.Equal(10, window.Count);
        Assert.False(window.Covers(489));
        Assert.True(window.Covers(490));
        Assert.Equal(Enumerable.Range(491, 10).Select(i => (long)i), window.Read(490, 100, c => c.ResourceVersion));
    }

    [Fact]
    public void Append_ReadWithinTheRetention_KeepsEveryChangeUpToTheCapacity()
    {
        var window = new ChangeWindow(1_000, Retention, 0, idleCapacity: 10, readAt: T0);
        var later = T0 + Retention;
        window.Touch(later - TimeSpan.FromMinutes(1));

        Burst(window, 1, 500, later);

        Assert.Equal(500, window.Count);
        Assert.True(window.Covers(0));
    }

    [Fact]
    public void Append_AWatchWaiting_KeepsEveryChangeHoweverLongAgoItLastRead()
    {
        var window = new ChangeWindow(1_000, Retention, 0, idleCapacity: 10, readAt: T0) { Waiting = 1 };

        Burst(window, 1, 500, T0 + TimeSpan.FromHours(1));

        Assert.Equal(500, window.Count);
        Assert.True(window.Covers(0));
    }

    [Fact]
    public void Trim_AfterABurst_GivesTheRingsRoomBack()
    {
        var window = new ChangeWindow(20_000, Retention, 0, readAt: T0);
        Burst(window, 1, 20_000, T0);
        Assert.Equal(20_000, window.Room);

        window.Append(Deleted(20_001, T0 + TimeSpan.FromMinutes(1)));
        window.Trim(T0 + Retention);

        Assert.Equal(1, window.Count);
        Assert.True(window.Room <= 16, $"room {window.Room}");
        Assert.Equal([20_001L], window.Read(20_000, 10, c => c.ResourceVersion));
    }

    [Fact]
    public void Append_PastTheRingsRoom_KeepsOrderAcrossGrowthAndWrapAround()
    {
        var window = new ChangeWindow(100, Retention, 0, readAt: T0);

        Burst(window, 1, 250, T0);

        Assert.Equal(100, window.Count);
        Assert.Equal(100, window.Room);
        Assert.Equal(Enumerable.Range(151, 100).Select(i => (long)i), window.Read(150, 1_000, c => c.ResourceVersion));
        Assert.Equal(Enumerable.Range(201, 50).Select(i => (long)i), window.Since(200).Select(c => c.ResourceVersion));
    }
}
