using OrleansKube.Model.Meta;

namespace OrleansKube.Grains.Abstractions.Watching;

/// <summary>
/// Lists and watches as the Kubernetes API serves them: resourceVersions that are integers increasing per
/// resource type, a list's resourceVersion as a snapshot point, and watches that deliver every later event
/// once, in order. A silo service; the REST front reads through it. Refusals are <see cref="ApiException"/>s
/// (410 Expired for a resourceVersion too old, 400 BadRequest for a bad selector or parameter, 504 for one too new).
/// </summary>
public interface IKubeReader
{
    Task<ListPage> ListAsync(ListRequest request, CancellationToken cancellationToken);

    /// <summary>The events of a watch, until <see cref="WatchRequest.Timeout"/> or the caller cancels.</summary>
    IAsyncEnumerable<WatchEvent> WatchAsync(WatchRequest request, CancellationToken cancellationToken);
}

/// <summary>A list request as the query string gives it (null: the parameter was absent).</summary>
public sealed record ListRequest(
    string Kind,
    string? Namespace,
    string? LabelSelector = null,
    string? FieldSelector = null,
    long? Limit = null,
    string? Continue = null,
    string? ResourceVersion = null,
    string? ResourceVersionMatch = null);

/// <summary>A watch request as the query string gives it.</summary>
public sealed record WatchRequest(
    string Kind,
    string? Namespace,
    string? LabelSelector = null,
    string? FieldSelector = null,
    string? ResourceVersion = null,
    string? ResourceVersionMatch = null,
    bool AllowWatchBookmarks = false,
    bool? SendInitialEvents = null,
    TimeSpan? Timeout = null);

/// <summary>One page of a list: its items, the list's resourceVersion, and the token for the next page.</summary>
public sealed record ListPage(IReadOnlyList<KubeObject> Items, string ResourceVersion, string? Continue = null, long? RemainingItemCount = null);

public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
    Bookmark,
}

/// <summary>
/// One watch event. <see cref="Object"/> is the object (for DELETED its last state, stamped with the deletion's
/// resourceVersion); a bookmark carries only <see cref="ResourceVersion"/> (and <see cref="InitialEventsEnd"/> for
/// the bookmark that ends a watch's initial events).
/// </summary>
public sealed record WatchEvent(WatchEventType Type, KubeObject? Object, string ResourceVersion, bool InitialEventsEnd = false);
