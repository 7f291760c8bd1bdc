using OrleansKube.Control.Workloads.GarbageCollection;

namespace OrleansKube.Tests.Workloads;

public class CollectionQueueTests
{
    private readonly CollectionQueue<string> _queue = new();

    private static List<KubeObject> Pods(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => (KubeObject)new Pod { Metadata = new ObjectMeta { Name = $"{prefix}-{i}" } })];

    [Fact]
    public void TakeDependents_ManyListed_ComeInSlicesOfAtMostTheMaxInListedOrder()
    {
        _queue.OwnerRemoved("rs/web", "uid-web");
        Assert.True(_queue.TryTakeRemoved(out var owner, out var uid));
        _queue.AddDependents(owner, uid, Pods("web", 450));

        var slices = new List<int>();
        var names = new List<string>();
        while (_queue.TakeDependents(CollectionQueue<string>.WritesPerSlice) is { } slice)
        {
            Assert.Equal(("rs/web", "uid-web"), (slice.Owner, slice.GoneUid));
            slices.Add(slice.Dependents.Count);
            names.AddRange(slice.Dependents.Select(d => d.Metadata.Name!));
        }

        Assert.Equal([200, 200, 50], slices);
        Assert.Equal(Enumerable.Range(0, 450).Select(i => $"web-{i}"), names);
        Assert.False(_queue.HasWork);
    }

    [Fact]
    public void TakeDependents_TwoOwners_NeverMixesTheirDependentsInOneSlice()
    {
        _queue.AddDependents("rs/a", "uid-a", Pods("a", 3));
        _queue.AddDependents("rs/b", "uid-b", Pods("b", 3));

        Assert.Equal(2, _queue.Pending);
        Assert.Equal("uid-a", _queue.TakeDependents(10)!.Value.GoneUid);
        Assert.Equal("uid-b", _queue.TakeDependents(10)!.Value.GoneUid);
        Assert.Null(_queue.TakeDependents(10));
    }

    [Fact]
    public void DeletingOwner_IsDueOncePerRound_UntilDone()
    {
        _queue.OwnerDeleting("rs/web");
        _queue.OwnerDeleting("rs/web");

        Assert.True(_queue.TryTakeDue(out var due));
        Assert.Equal("rs/web", due);
        Assert.False(_queue.TryTakeDue(out _)); // announced twice, visited once
        Assert.False(_queue.HasWork); // still deleting, but waits for the next round
        Assert.Equal(1, _queue.Pending);

        _queue.NewRound();
        Assert.True(_queue.TryTakeDue(out _));
        _queue.Done("rs/web");
        _queue.NewRound();
        Assert.False(_queue.TryTakeDue(out _));
        Assert.Equal(0, _queue.Pending);
    }

    [Fact]
    public void Unfinished_DeletingOwner_IsDueAgainInTheSameRound()
    {
        _queue.OwnerDeleting("rs/web");
        Assert.True(_queue.TryTakeDue(out _));

        _queue.Unfinished("rs/web");

        Assert.True(_queue.HasWork);
        Assert.True(_queue.TryTakeDue(out _));
    }
}
