using OrleansKube.Control.Watching;
using OrleansKube.Model.Meta;

namespace OrleansKube.Grains.Abstractions.Watching;

/// <summary>
/// A list page asked of a watch cache; the selectors in their string forms, the continue token decoded. <see cref="Floor"/>:
/// a reader of several partitions raises each to that resourceVersion first (see <c>KindCache.Advance</c>).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansKube.CacheQuery")]
public sealed record CacheQuery(
    [property: Id(0)] string? Namespace,
    [property: Id(1)] string? LabelSelector,
    [property: Id(2)] string? FieldSelector,
    [property: Id(3)] long? Limit,
    [property: Id(4)] long? At,
    [property: Id(5)] long? ContinueAt = null,
    [property: Id(6)] string? ContinueNamespace = null,
    [property: Id(7)] string? ContinueName = null,
    [property: Id(8)] long ContinueReturned = 0,
    [property: Id(9)] long Floor = 0);

/// <summary>A page from a watch cache, or why it cannot be served (<see cref="Refusal"/>, with upstream's message).</summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansKube.CachePage")]
public sealed record CachePage(
    [property: Id(0)] List<KubeObject> Items,
    [property: Id(1)] long ResourceVersion,
    [property: Id(2)] string? Continue,
    [property: Id(3)] long? RemainingItemCount,
    [property: Id(4)] ListRefusal Refusal,
    [property: Id(5)] string? Message);

/// <summary>One committed change as a watch cache hands it out (see <see cref="Change"/>).</summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansKube.CacheChange")]
public sealed record CacheChange(
    [property: Id(0)] long ResourceVersion,
    [property: Id(1)] ChangeType Type,
    [property: Id(2)] KubeObject Object,
    [property: Id(3)] KubeObject? Previous);

/// <summary>
/// The changes a read got, and the cache's resourceVersion when it answered (every change up to it was handed out
/// when <see cref="Changes"/> is not cut short). <see cref="ExpiredBefore"/>: the read was from before the window,
/// which now starts there (410). <see cref="Closing"/>: the cache's silo is stopping; the watch ends (its client
/// watches again from where it got to, as when an API server goes away).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansKube.CacheRead")]
public sealed record CacheRead(
    [property: Id(0)] CacheChange[] Changes,
    [property: Id(1)] long ResourceVersion,
    [property: Id(2)] long? ExpiredBefore = null,
    [property: Id(3)] bool Closing = false);

/// <summary>
/// A write committed by a watch cache: its resourceVersion, and within the cache's silo the committed copy itself
/// (<see cref="Object"/>, the one the cache keeps, so writer and cache share it). The copy does not travel: from another
/// silo the writer stamps its own (<see cref="Stamped"/>), and the answer is a number rather than the object again.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansKube.Committed")]
public sealed class Committed(long resourceVersion, KubeObject? obj)
{
    [NonSerialized]
    private readonly KubeObject? _object = obj;

    [Id(0)]
    public long ResourceVersion { get; } = resourceVersion;

    /// <summary>The cache's copy; null once the answer crossed silos (not serialised).</summary>
    public KubeObject? Object => _object;

    /// <summary>The committed object: the cache's copy, or <paramref name="written"/> stamped with the resourceVersion as the cache stamped its own.</summary>
    public KubeObject Stamped(KubeObject written) => Object ?? ResourceVersions.Stamp(written, ResourceVersion);
}
