namespace OrleansKube.Control.Workloads;

/// <summary>
/// What one controller is still waiting to see after its own creates and deletes (upstream's
/// UIDTrackingControllerExpectations). Its view of its pods arrives later than its writes; until every expected
/// create and delete has been observed (or five minutes have passed, as upstream), a sync only writes status,
/// so a lagging view never creates or deletes twice.
/// </summary>
public sealed class ControllerExpectations
{
    /// <summary>Upstream's ExpectationsTimeout: a lost observation cannot stall a controller for longer.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly HashSet<string> _deletions = new(StringComparer.Ordinal);
    private int _creations;
    private DateTimeOffset _setAt;

    public int PendingCreations => Math.Max(0, _creations);

    public int PendingDeletions => _deletions.Count;

    public void ExpectCreations(int count, DateTimeOffset now)
    {
        _creations = count;
        _setAt = now;
    }

    public void ExpectDeletions(IEnumerable<string> podNames, DateTimeOffset now)
    {
        _deletions.Clear();
        _deletions.UnionWith(podNames);
        _setAt = now;
    }

    /// <summary>A pod this controller created has been seen, or a create was skipped or failed and will never be.</summary>
    public void CreationObserved() => _creations--;

    /// <summary>A pod was seen going (removed, or marked for deletion).</summary>
    public void DeletionObserved(string podName) => _deletions.Remove(podName);

    public bool Satisfied(DateTimeOffset now) => (_creations <= 0 && _deletions.Count == 0) || now - _setAt > Timeout;
}
