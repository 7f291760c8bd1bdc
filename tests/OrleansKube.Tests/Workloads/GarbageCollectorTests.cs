using OrleansKube.Control.Workloads;
using OrleansKube.Control.Workloads.GarbageCollection;

namespace OrleansKube.Tests.Workloads;

public class GarbageCollectorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    private readonly RecordingObjectControl _api = new(Start);

    private static ReplicaSet Owner(string name, params string[] finalizers) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "default", Uid = "uid-" + name, Finalizers = finalizers.Length == 0 ? null : [.. finalizers] },
    };

    private Pod Dependent(string name, params (ReplicaSet Owner, bool Blocks)[] owners) => _api.Put(new Pod
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = "default",
            OwnerReferences = [.. owners.Select(o => ControllerRefs.For(o.Owner) with { BlockOwnerDeletion = o.Blocks, Controller = o.Owner == owners[0].Owner })],
        },
    });

    [Fact]
    public async Task Collect_BackgroundOwnerGone_DeletesDependentsWithoutAnotherLiveOwner()
    {
        var gone = Owner("gone");
        var alive = Owner("alive");
        var sole = Dependent("sole", (gone, true));
        var shared = Dependent("shared", (gone, true), (alive, false));

        await new GarbageCollector(_api).CollectAsync(gone.Metadata.Uid!, GarbageCollector.DependentsOf(gone.Metadata.Uid!, [sole, shared]), o => Task.FromResult(o.Uid == alive.Metadata.Uid));

        Assert.Equal(["delete Pod sole", "update Pod shared"], _api.Calls);
        Assert.Equal(["uid-alive"], _api.Get<Pod>("shared").Metadata.OwnerReferences!.Select(o => o.Uid));
    }

    [Fact]
    public async Task Orphan_DependentsLoseTheReferenceThenTheFinalizerGoes()
    {
        var owner = _api.Put(Owner("web", GarbageCollector.OrphanFinalizer, "example.com/keep"));
        var pods = new[] { Dependent("a", (owner, true)), Dependent("b", (owner, true)) };

        await new GarbageCollector(_api).OrphanAsync(owner, pods);

        Assert.All(_api.All<Pod>(), p => Assert.Null(p.Metadata.OwnerReferences));
        Assert.DoesNotContain(_api.Calls, c => c.StartsWith("delete", StringComparison.Ordinal));
        Assert.Equal(["example.com/keep"], _api.Get<ReplicaSet>("web").Metadata.Finalizers!);
    }

    [Fact]
    public async Task Foreground_DeletesDependentsAndReleasesTheOwnerOnlyWhenNoBlockingOneRemains()
    {
        var owner = _api.Put(Owner("web", GarbageCollector.ForegroundFinalizer));
        var blocking = Dependent("blocking", (owner, true));
        var loose = Dependent("loose", (owner, false));
        var collector = new GarbageCollector(_api);

        var released = await collector.ForegroundAsync(owner, [blocking, loose]);

        Assert.False(released);
        Assert.Equal(["delete Pod blocking", "delete Pod loose"], _api.Calls);
        Assert.Equal([GarbageCollector.ForegroundFinalizer], _api.Get<ReplicaSet>("web").Metadata.Finalizers!);

        // The blocking dependent is still terminating: no second delete, still blocked.
        var terminating = blocking with { Metadata = blocking.Metadata with { DeletionTimestamp = Start } };
        Assert.False(await collector.ForegroundAsync(owner, [terminating]));
        Assert.Equal(2, _api.Calls.Count(c => c.StartsWith("delete", StringComparison.Ordinal)));

        // Only a non-blocking dependent left: the owner goes.
        Assert.True(await collector.ForegroundAsync(owner, [loose]));
        Assert.Null(_api.Get<ReplicaSet>("web").Metadata.Finalizers);
    }
    [Fact]
    public async Task Foreground_BudgetRunsOut_DeletesOnlyThatManyAndKeepsTheOwner()
    {
        var owner = _api.Put(Owner("web", GarbageCollector.ForegroundFinalizer));
        var pods = Enumerable.Range(0, 5).Select(i => Dependent($"p{i}", (owner, false))).ToList();

        var released = await new GarbageCollector(_api).FinishAsync(owner, pods, new WriteBudget(3));

        Assert.False(released);
        Assert.Equal(["delete Pod p0", "delete Pod p1", "delete Pod p2"], _api.Calls);
        Assert.Equal([GarbageCollector.ForegroundFinalizer], _api.Get<ReplicaSet>("web").Metadata.Finalizers!);
    }

    [Fact]
    public async Task Orphan_BudgetRunsOut_KeepsTheFinalizerUntilEveryDependentIsOrphaned()
    {
        var owner = _api.Put(Owner("web", GarbageCollector.OrphanFinalizer));
        var pods = new[] { Dependent("a", (owner, true)), Dependent("b", (owner, true)) };
        var collector = new GarbageCollector(_api);

        Assert.False(await collector.OrphanAsync(owner, pods, new WriteBudget(1)));
        Assert.Equal([GarbageCollector.OrphanFinalizer], _api.Get<ReplicaSet>("web").Metadata.Finalizers!);

        Assert.True(await collector.OrphanAsync(owner, [_api.Get<Pod>("b")], new WriteBudget(2)));
        Assert.All(_api.All<Pod>(), p => Assert.Null(p.Metadata.OwnerReferences));
        Assert.Null(_api.Get<ReplicaSet>("web").Metadata.Finalizers);
    }
}
