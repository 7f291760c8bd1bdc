using OrleansKube.Control.Watching;
using OrleansKube.Model.Selection;

namespace OrleansKube.Tests.Watching;

public class LiveCountsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    private static Pod Pod(string ns, string name, string run, PodPhase? phase) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = new() { ["run"] = run } },
        Spec = new PodSpec(),
        Status = phase is null ? null : new PodStatus { Phase = phase },
    };

    private static ObjectFilter Filter(string? ns = null, string? labels = null, string? fields = null) =>
        new(ns, SelectorParser.Parse(labels), FieldSelector.Parse(fields));

    private static readonly ObjectFilter[] Filters =
    [
        Filter(labels: "run=a"),
        Filter(labels: "run=a", fields: "status.phase=Running"),
        Filter("ns-1", "run=b", "status.phase!=Running"),
        Filter(fields: "status.phase=Pending"),
        Filter("ns-0"),
    ];

    [Fact]
    public void CountMatching_AskedAgainAfterRandomCreatesChangesAndRemovals_EqualsAWalk()
    {
        var cache = new KindCache([], 0, 100, TimeSpan.FromMinutes(5));
        var random = new Random(15);
        var now = T0;
        for (var round = 0; round < 50; round++)
        {
            for (var i = 0; i < 40; i++)
            {
                var (ns, name) = ($"ns-{random.Next(3)}", $"p{random.Next(60)}");
                if (random.Next(5) == 0 && cache.Get(ns, name) is { } existing)
                {
                    cache.Remove(existing, now);
                }
                else
                {
                    cache.Commit(Pod(ns, name, random.Next(2) == 0 ? "a" : "b", random.Next(3) switch { 0 => null, 1 => PodPhase.Pending, _ => PodPhase.Running }), now);
                }
            }

            now += TimeSpan.FromSeconds(1);
            Assert.Equal(Filters.Select(cache.CountMatching), Filters.Select(f => cache.CountMatching(f, now)));
        }
    }

    [Fact]
    public void Changed_ACountNobodyAskedForWithinIdle_IsDropped()
    {
        var counts = new LiveCounts();
        var running = Filter(labels: "run=a", fields: "status.phase=Running");
        counts.Keep(LiveCounts.KeyOf(running), running, 0, T0);
        counts.Keep(LiveCounts.KeyOf(Filters[0]), Filters[0], 0, T0);

        counts.Changed(null, Pod("ns", "p", "a", PodPhase.Running), T0 + LiveCounts.Idle);
        Assert.Equal(1, counts.Get(LiveCounts.KeyOf(running), T0 + LiveCounts.Idle + TimeSpan.FromSeconds(1)));
        counts.Changed(null, Pod("ns", "q", "a", PodPhase.Running), T0 + LiveCounts.Idle + TimeSpan.FromSeconds(2));

        Assert.Equal(1, counts.Count);
        Assert.Equal(2, counts.Get(LiveCounts.KeyOf(running), T0 + LiveCounts.Idle + TimeSpan.FromSeconds(3)));
        Assert.Null(counts.Get(LiveCounts.KeyOf(Filters[0]), T0 + LiveCounts.Idle + TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void Keep_BeyondMaxCounts_DropsTheLeastRecentlyAsked()
    {
        var counts = new LiveCounts();
        for (var i = 0; i < LiveCounts.MaxCounts; i++)
        {
            var filter = Filter(labels: $"run=r{i}");
            counts.Keep(LiveCounts.KeyOf(filter), filter, i, T0 + TimeSpan.FromSeconds(i));
        }

        counts.Get(LiveCounts.KeyOf(Filter(labels: "run=r0")), T0 + TimeSpan.FromSeconds(10)); // asked again: now the most recent
        var extra = Filter(labels: "run=extra");
        counts.Keep(LiveCounts.KeyOf(extra), extra, 7, T0 + TimeSpan.FromSeconds(11));

        Assert.Equal(LiveCounts.MaxCounts, counts.Count);
        Assert.Equal(0, counts.Get(LiveCounts.KeyOf(Filter(labels: "run=r0")), T0 + TimeSpan.FromSeconds(12)));
        Assert.Null(counts.Get(LiveCounts.KeyOf(Filter(labels: "run=r1")), T0 + TimeSpan.FromSeconds(12)));
    }

    [Fact]
    public void KeyOf_TheSelectorThatMatchesNothing_IsNotTheOneThatMatchesEverything()
    {
        Assert.NotEqual(
            LiveCounts.KeyOf(new ObjectFilter(null, Selector.Nothing, FieldSelector.Everything)),
            LiveCounts.KeyOf(ObjectFilter.Everything));
    }
}
