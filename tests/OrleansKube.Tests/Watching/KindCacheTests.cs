using OrleansKube.Control.Watching;
using OrleansKube.Model.Selection;

namespace OrleansKube.Tests.Watching;

public class KindCacheTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    private static Pod Pod(string ns, string name, string? node = null, string scheduler = "default-scheduler") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = new() { ["app"] = "web" } },
        Spec = new PodSpec { NodeName = node, SchedulerName = scheduler },
    };

    private static KindCache Empty(int capacity = 100) => new([], 0, capacity, TimeSpan.FromMinutes(5));

    private static ObjectFilter Filter(string? ns = null, string? labels = null, string? fields = null) =>
        new(ns, SelectorParser.Parse(labels), FieldSelector.Parse(fields));

    [Fact]
    public void Commit_EachWrite_StampsTheNextResourceVersionOfTheKind()
    {
        var cache = Empty();

        var a = cache.Commit(Pod("ns", "a"), T0);
        var b = cache.Commit(Pod("ns", "b"), T0);
        var a2 = cache.Commit(Pod("ns", "a", "node-1"), T0);
        var gone = cache.Remove(a2.Object, T0);

        Assert.Equal([2L, 3L, 4L, 5L], new[] { a, b, a2, gone }.Select(c => c.ResourceVersion)); // an empty kind is at 1
        Assert.Equal([ChangeType.Added, ChangeType.Added, ChangeType.Modified, ChangeType.Deleted], new[] { a, b, a2, gone }.Select(c => c.Type));
        Assert.Equal("4", a2.Object.Metadata.ResourceVersion);
        Assert.Equal(("5", "node-1"), (gone.Object.Metadata.ResourceVersion, ((Pod)gone.Object).Spec.NodeName)); // last state, deletion's RV
        Assert.Same(a.Object, a2.Previous);
    }

    [Fact]
    public void Commit_InOnePartitionOfThree_IssuesItsOwnResourceVersions_AndAdvanceKeepsLaterOnesAbove()
    {
        var cache = new KindCache([], 0, 100, TimeSpan.FromMinutes(5), partitions: 3, partition: 1);

        var start = cache.ResourceVersion;
        var a = cache.Commit(Pod("ns", "a"), T0);
        var b = cache.Commit(Pod("ns", "b"), T0);
        var before = cache.ResourceVersion;
        cache.Advance(20);
        var advanced = cache.ResourceVersion;
        cache.Advance(5); // never lowered
        var c = cache.Commit(Pod("ns", "c"), T0);

        Assert.Equal([4L, 7L, 22L], new[] { a, b, c }.Select(x => x.ResourceVersion)); // n × 3 + 1: partitions 0 and 2 never issue these
        Assert.Equal((2L, 8L, 20L), (start, before, advanced)); // the highest this partition could have issued: every later one is above
        Assert.Equal((22L, 23L), (cache.LastCommitted, cache.ResourceVersion));
        Assert.Equal(["a", "b"], cache.List(ObjectFilter.Everything, null, null, advanced).Items.Select(o => o.Metadata.Name)); // the state at the advanced resourceVersion
    }

    [Fact]
    public void Commit_InPartitionsKeepingUpWithAClock_OrdersWritesByTime_NotByEachPartitionsCount()
    {
        long now = 1_000;
        var busy = new KindCache([], 0, 100, TimeSpan.FromMinutes(5), partitions: 2, partition: 0, ticks: () => now);
        var quiet = new KindCache([], 0, 100, TimeSpan.FromMinutes(5), partitions: 2, partition: 1, ticks: () => now);

        var burst = Enumerable.Range(0, 50).Select(i => busy.Commit(Pod("a", $"p{i}"), T0).ResourceVersion).ToList(); // within one tick
        now += 1;
        var later = busy.Commit(Pod("a", "later"), T0).ResourceVersion;
        now += 100;
        var elsewhere = quiet.Commit(Pod("b", "x"), T0).ResourceVersion;

        Assert.Equal(burst.Order(), burst); // a burst within one tick still counts up
        Assert.True(burst[^1] < later, $"{burst[^1]} then {later}");
        Assert.True(later < elsewhere, $"{later} in one partition, then {elsewhere} in the other"); // by time, though the quiet one had no commits
        Assert.Equal(1, elsewhere % 2);
        Assert.True(busy.ResourceVersionAfter(1) > busy.ResourceVersion);
    }

    [Fact]
    public void CountMatching_CountsANamespaceFromItsKeysAndAppliesSelectors()
    {
        var cache = Empty();
        foreach (var (ns, name, node) in new[] { ("a", "x", "n1"), ("b", "y", null), ("b", "z", "n1"), ("bb", "w", "n1"), ("c", "v", null) })
        {
            cache.Commit(Pod(ns, name, node), T0);
        }

        cache.Remove(cache.Get("c", "v")!, T0);

        Assert.Equal(4, cache.CountMatching(Filter()));
        Assert.Equal(2, cache.CountMatching(Filter("b"))); // not "bb", whose keys follow
        Assert.Equal(1, cache.CountMatching(Filter("b", fields: "spec.nodeName=n1")));
        Assert.Equal(0, cache.CountMatching(Filter("b", labels: "app=db")));
        Assert.Equal(3, cache.CountMatching(Filter(fields: "spec.nodeName=n1")));
        Assert.Equal(0, cache.CountMatching(Filter("none")));
    }

    [Fact]
    public void List_WithLimit_PagesInKeyOrderWithRemainingCountsAndNoRepeats()
    {
        var cache = Empty();
        foreach (var (ns, name) in new[] { ("b", "x"), ("a", "z"), ("a", "y"), ("c", "w"), ("b", "v") })
        {
            cache.Commit(Pod(ns, name), T0);
        }

        var seen = new List<string>();
        var remaining = new List<long?>();
        ContinueToken? token = null;
        do
        {
            var page = cache.List(ObjectFilter.Everything, 2, token is null ? null : ContinueToken.Decode(token.Encode()).Token, null);
            seen.AddRange(page.Items.Select(o => $"{o.Metadata.Namespace}/{o.Metadata.Name}"));
            remaining.Add(page.RemainingItemCount);
            token = page.Next;
        }
        while (token is not null);

        Assert.Equal(["a/y", "a/z", "b/v", "b/x", "c/w"], seen);
        Assert.Equal([3L, 1L, null], remaining);
    }

    [Fact]
    public void List_OfAKindThatNeverChanged_IsAtResourceVersionOne_NotZero()
    {
        // "0" would tell a client "any version": its watch from the list would replay the state, never expire.
        var cache = Empty();

        var list = cache.List(ObjectFilter.Everything, null, null, null);
        var first = cache.Commit(Pod("ns", "a"), T0);

        Assert.Equal((1L, 1L), (list.ResourceVersion, cache.Window.StartResourceVersion));
        Assert.True(cache.Window.Covers(list.ResourceVersion));
        Assert.Equal(2, first.ResourceVersion);
    }

    [Fact]
    public void List_ContinuedAfterWrites_ShowsTheFirstPagesSnapshot()
    {
        var cache = Empty();
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            cache.Commit(Pod("ns", name), T0);
        }

        var first = cache.List(Filter("ns"), 2, null, null);
        cache.Commit(Pod("ns", "c", "node-1"), T0);  // changed after the snapshot
        cache.Remove(cache.Get("ns", "d")!, T0);     // removed after it
        cache.Commit(Pod("ns", "e"), T0);            // created after it
        var second = cache.List(Filter("ns"), 2, first.Next, null);

        Assert.Equal(5, first.ResourceVersion);
        Assert.Equal(["c", "d"], second.Items.Select(o => o.Metadata.Name));
        Assert.Null(((Pod)second.Items[0]).Spec.NodeName);
        Assert.Equal((5L, (ContinueToken?)null), (second.ResourceVersion, second.Next));
    }

    [Fact]
    public void List_WithSelectorsAndNamespace_ReturnsOnlyMatchesAndNoRemainingCount()
    {
        var cache = Empty();
        cache.Commit(Pod("ns", "bound", "node-1"), T0);
        cache.Commit(Pod("ns", "pending"), T0);
        cache.Commit(Pod("other", "pending"), T0);
        cache.Commit(Pod("ns", "pending-2"), T0);

        var page = cache.List(Filter("ns", "app=web", "spec.nodeName="), 1, null, null);

        Assert.Equal(["pending"], page.Items.Select(o => o.Metadata.Name));
        Assert.NotNull(page.Next);
        Assert.Null(page.RemainingItemCount);
    }

    [Fact]
    public void List_ExactResourceVersionOlderThanTheWindow_IsExpired()
    {
        var cache = Empty(capacity: 2);
        for (var i = 0; i < 5; i++)
        {
            cache.Commit(Pod("ns", $"p{i}"), T0);
        }

        var old = cache.List(ObjectFilter.Everything, null, null, 2);
        var recent = cache.List(ObjectFilter.Everything, null, null, 4);
        var future = cache.List(ObjectFilter.Everything, null, null, 9);

        Assert.Equal((ListRefusal.Expired, "too old resource version: 2 (4)"), (old.Refusal, old.Message));
        Assert.Equal(["p0", "p1", "p2"], recent.Items.Select(o => o.Metadata.Name));
        Assert.Equal(ListRefusal.TooLarge, future.Refusal);
    }

    [Fact]
    public void Window_TrimmedByAge_ExpiresReadsFromBeforeIt()
    {
        var window = new ChangeWindow(100, TimeSpan.FromMinutes(5), 0);
        window.Append(new Change(1, ChangeType.Added, Pod("ns", "a"), null, T0));
        window.Append(new Change(2, ChangeType.Added, Pod("ns", "b"), null, T0 + TimeSpan.FromMinutes(2)));

        Assert.Equal(0, window.Trim(T0 + TimeSpan.FromMinutes(4)));
        Assert.Equal(1, window.Trim(T0 + TimeSpan.FromMinutes(5)));

        Assert.False(window.Covers(0));
        Assert.Equal([2L], window.Read(1, 10, c => c.ResourceVersion));
        Assert.Equal(T0 + TimeSpan.FromMinutes(7), window.NextTrim);
    }

    [Fact]
    public void ContinueToken_Garbage_IsRefusedWithUpstreamsWording()
    {
        var (token, error) = ContinueToken.Decode("not-a-token!");

        Assert.Null(token);
        Assert.StartsWith("continue key is not valid: ", error);
    }

    public sealed record TransitionCase(string Name, string? NodeBefore, string? NodeAfter, ChangeType? Seen, string? SeenNode)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<TransitionCase> Transitions() =>
    [
        new TransitionCase("a pending pod that is bound leaves the selector: DELETED with its previous state", null, "node-1", ChangeType.Deleted, null),
        new TransitionCase("a bound pod that is unbound enters the selector: ADDED", "node-1", null, ChangeType.Added, null),
        new TransitionCase("a pending pod that stays pending: MODIFIED", null, null, ChangeType.Modified, null),
        new TransitionCase("a bound pod that stays bound: nothing", "node-1", "node-2", null, null),
    ];

    [Theory]
    [MemberData(nameof(Transitions))]
    public void View_SchedulerSelector_GivesUpstreamsTransitions(TransitionCase c)
    {
        var filter = Filter(null, null, "spec.schedulerName=my-scheduler,spec.nodeName=");
        var before = ResourceVersions.Stamp(Pod("ns", "p", c.NodeBefore, "my-scheduler"), 7);
        var after = ResourceVersions.Stamp(Pod("ns", "p", c.NodeAfter, "my-scheduler"), 8);

        var seen = filter.View(8, ChangeType.Modified, after, before);

        Assert.Equal(c.Seen, seen?.Type);
        if (seen is { } s)
        {
            Assert.Equal(("8", c.SeenNode), (s.Object.Metadata.ResourceVersion, ((Pod)s.Object).Spec.NodeName));
        }
    }

    private static Pod Owned(string ns, string name, string? controller, string app) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = ns,
            Labels = new() { ["app"] = app },
            OwnerReferences = controller is null ? null : [new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = controller, Uid = controller, Controller = true }],
        },
        Spec = new PodSpec(),
    };

    [Fact]
    public void ListControlled_AfterAnySequenceOfWrites_IsWhatAWalkOfTheNamespaceWouldClaimFrom()
    {
        var random = new Random(20261204);
        var cache = Empty(capacity: 10_000);
        string[] namespaces = ["ns-a", "ns-b"];
        string?[] controllers = ["rs-1", "rs-2", null];
        string[] apps = ["web", "db"];
        var web = SelectorParser.Parse("app=web");
        for (var step = 0; step < 2_000; step++)
        {
            var ns = namespaces[random.Next(namespaces.Length)];
            var name = $"p-{random.Next(40)}";
            if (random.Next(5) == 0)
            {
                if (cache.Get(ns, name) is { } gone)
                {
                    cache.Remove(gone, T0);
                }
            }
            else
            {
                // A create, a relabel, an adoption or a release: the controller and labels change at random.
                cache.Commit(Owned(ns, name, controllers[random.Next(controllers.Length)], apps[random.Next(apps.Length)]), T0);
            }

            // The index is made at the first ask (step 100), then only kept by the writes.
            if (step >= 100 && step % 7 == 0)
            {
                foreach (var listNs in namespaces)
                {
                    foreach (var uid in new[] { "rs-1", "rs-2" })
                    {
                        var expected = cache.List(Filter(listNs), null, null, null).Items
                            .Where(o => Control.Workloads.ControllerRefs.ControllerOf(o) is { } c ? c.Uid == uid : web.Matches(o.Metadata.Labels))
                            .Select(o => o.Metadata.Name).Order(StringComparer.Ordinal);
                        var listed = cache.ListControlled(listNs, uid, web);
                        Assert.Equal(expected, listed.Select(o => o.Metadata.Name).Order(StringComparer.Ordinal));
                        Assert.All(listed, o => Assert.Same(cache.Get(listNs, o.Metadata.Name!), o));
                    }
                }
            }
        }
    }
}
