using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using OrleansKube.Control.Watching;
using OrleansKube.Grains.Abstractions.Watching;
using OrleansKube.Grains.Hosting;
using OrleansKube.Model.Selection;

namespace OrleansKube.Grains.Watching;

/// <summary>
/// Lists and watches for the REST front, served by the kinds' watch caches with upstream's resourceVersion rules.
/// A watch reads its cache in batches (long polls: one call brings every change since the last) and filters them here,
/// on the silo that serves the client, so a watcher costs the cache one call per batch whatever it selects.
/// </summary>
public sealed class KubeReader(SharedReferences references, IOptions<WatchCacheOptions> options, TimeProvider time) : IKubeReader
{
    /// <summary>How many changes one read brings at most (and how many objects one page of initial events holds).</summary>
    public const int BatchSize = 1_000;

    private const string NotOlderThan = "NotOlderThan";
    private const string Exact = "Exact";

    public async Task<ListPage> ListAsync(ListRequest request, CancellationToken cancellationToken)
    {
        var kind = ResolveKind(request.Kind);
        Check(kind, request.LabelSelector, request.FieldSelector);
        var rv = ParseResourceVersion(request.ResourceVersion);
        ContinueToken? token = null;
        if (!string.IsNullOrEmpty(request.Continue))
        {
            if (!string.IsNullOrEmpty(request.ResourceVersion) && request.ResourceVersion != "0")
            {
                throw new ApiException(ApiErrorReason.BadRequest, "specifying resource version is not allowed when using continue");
            }

            (token, var error) = ContinueToken.Decode(request.Continue);
            if (token is null)
            {
                throw new ApiException(ApiErrorReason.BadRequest, error!);
            }
        }

        long? at = null;
        switch (request.ResourceVersionMatch)
        {
            case null or "":
                break;
            case Exact when rv is null or 0:
                throw Invalid(kind, "resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
            case Exact:
                at = rv;
                break;
            case NotOlderThan when rv is null:
                throw Invalid(kind, "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided");
            case NotOlderThan:
                break;
            default:
                throw Invalid(kind, $"resourceVersionMatch: Unsupported value: \"{request.ResourceVersionMatch}\": supported values: \"Exact\", \"NotOlderThan\", \"\"");
        }

        var ns = Namespace(kind, request.Namespace);
        var cache = references.CacheView(kind, ns);
        if (at is null && token is null && rv is > 0)
        {
            await AwaitResourceVersionAsync(cache, rv.Value); // NotOlderThan: the state at rv or later
        }

        var page = await cache.ListAsync(new CacheQuery(ns, request.LabelSelector, request.FieldSelector, request.Limit, at,
            token?.ResourceVersion, token?.Namespace, token?.Name, token?.Returned ?? 0));
        Refuse(page.Refusal, page.Message);
        return new ListPage(page.Items, ResourceVersions.Format(page.ResourceVersion), page.Continue, page.RemainingItemCount);
    }

    public IAsyncEnumerable<WatchEvent> WatchAsync(WatchRequest request, CancellationToken cancellationToken)
    {
        // Checked before the stream starts, so the front can answer with the status itself.
        var kind = ResolveKind(request.Kind);
        Check(kind, request.LabelSelector, request.FieldSelector);
        var rv = ParseResourceVersion(request.ResourceVersion);
        if (request.SendInitialEvents is not null)
        {
            if (request.ResourceVersionMatch != NotOlderThan)
            {
                throw Invalid(kind, "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
            }

            if (request.SendInitialEvents == true && !request.AllowWatchBookmarks)
            {
                throw Invalid(kind, "allowWatchBookmarks: Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true");
            }
        }
        else if (!string.IsNullOrEmpty(request.ResourceVersionMatch))
        {
            throw Invalid(kind, "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided");
        }

        var filter = new ObjectFilter(Namespace(kind, request.Namespace), SelectorParser.Parse(request.LabelSelector), FieldSelector.Parse(request.FieldSelector));
        var initial = request.SendInitialEvents ?? rv is null or 0;
        return StreamAsync(kind, filter, request, rv ?? 0, initial, cancellationToken);
    }

    private async IAsyncEnumerable<WatchEvent> StreamAsync(KindInfo kind, ObjectFilter filter, WatchRequest request, long rv, bool initial, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (request.Timeout is { } limit)
        {
            timeout.CancelAfter(limit); // timeoutSeconds: real time, as the client counts it
        }

        var token = timeout.Token;
        var cache = references.CacheView(kind, filter.Namespace);
        var position = rv;
        if (initial)
        {
            if (rv > 0)
            {
                await AwaitResourceVersionAsync(cache, rv);
            }

            // The current state as synthetic ADDED events, paged from one snapshot.
            CachePage? page = null;
            do
            {
                var token0 = page?.Continue is { } next ? ContinueToken.Decode(next).Token : null;
                page = await cache.ListAsync(new CacheQuery(filter.Namespace, request.LabelSelector, request.FieldSelector, BatchSize, null,
                    token0?.ResourceVersion, token0?.Namespace, token0?.Name, token0?.Returned ?? 0));
                Refuse(page.Refusal, page.Message);
                foreach (var obj in page.Items)
                {
                    yield return new WatchEvent(WatchEventType.Added, obj, obj.Metadata.ResourceVersion ?? "");
                }
            }
            while (page.Continue is not null && !token.IsCancellationRequested);

            position = page.ResourceVersion;
            if (request.SendInitialEvents == true)
            {
                yield return new WatchEvent(WatchEventType.Bookmark, null, ResourceVersions.Format(position), InitialEventsEnd: true);
            }
        }
        else if (rv > 0)
        {
            await AwaitResourceVersionAsync(cache, rv);
        }

        var lastSent = time.GetTimestamp();
        while (!token.IsCancellationRequested)
        {
            CacheRead read;
            try
            {
                read = await LongPollAsync(cache, position).WaitAsync(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                yield break; // timeoutSeconds ran out, or the client went
            }

            if (read.ExpiredBefore is { } start)
            {
                throw new ApiException(ApiErrorReason.Expired, ResourceVersions.TooOld(position, start));
            }

            foreach (var change in read.Changes)
            {
                position = change.ResourceVersion;
                if (filter.View(change.ResourceVersion, change.Type, change.Object, change.Previous) is { } seen)
                {
                    lastSent = time.GetTimestamp();
                    yield return new WatchEvent(Convert(seen.Type), seen.Object, ResourceVersions.Format(change.ResourceVersion));
                }
            }

            position = Math.Max(position, read.ResourceVersion);
            if (read.Closing)
            {
                yield break; // the silo is stopping
            }

            if (read.Changes.Length is > 0 and < BatchSize && options.Value.BatchWindow > TimeSpan.Zero)
            {
                // More changes are likely on their way: gather them for a while rather than read (and send) them a few at a time.
                await Task.Delay(options.Value.BatchWindow, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            if (request.AllowWatchBookmarks && time.GetElapsedTime(lastSent) >= options.Value.BookmarkInterval)
            {
                lastSent = time.GetTimestamp();
                yield return new WatchEvent(WatchEventType.Bookmark, null, ResourceVersions.Format(position));
            }
        }
    }

    /// <summary>
    /// A read that waits for changes. It is not counted as work in flight (<see cref="QuiescenceCallFilter"/>): a watch
    /// waits on the cluster, it does not keep it busy.
    /// </summary>
    private Task<CacheRead> LongPollAsync(ICacheView cache, long after)
    {
        RequestContext.Set(QuiescenceCallFilter.UntrackedKey, true);
        try
        {
            return cache.ReadAsync(after, BatchSize, options.Value.LongPoll);
        }
        finally
        {
            RequestContext.Remove(QuiescenceCallFilter.UntrackedKey);
        }
    }

    /// <summary>Waits (about 3 s, as upstream) for the cache to reach <paramref name="rv"/>; 504 ResourceVersionTooLarge if it does not.</summary>
    private async Task AwaitResourceVersionAsync(ICacheView cache, long rv)
    {
        var deadline = time.GetTimestamp();
        while (true)
        {
            var left = options.Value.TooLargeWait - time.GetElapsedTime(deadline);
            RequestContext.Set(QuiescenceCallFilter.UntrackedKey, true);
            Task<CacheRead> pending;
            try
            {
                pending = cache.ReadAsync(rv - 1, 0, left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }
            finally
            {
                RequestContext.Remove(QuiescenceCallFilter.UntrackedKey);
            }

            var read = await pending;
            if (read.ResourceVersion >= rv || read.ExpiredBefore is not null)
            {
                return; // reached (a resourceVersion from before the window is not too large either)
            }

            if (left <= TimeSpan.Zero)
            {
                throw new ApiException(ApiErrorReason.Timeout, ResourceVersions.TooLarge(rv, read.ResourceVersion));
            }
        }
    }

    private static WatchEventType Convert(ChangeType type) => type switch
    {
        ChangeType.Added => WatchEventType.Added,
        ChangeType.Modified => WatchEventType.Modified,
        _ => WatchEventType.Deleted,
    };

    private static void Refuse(ListRefusal refusal, string? message)
    {
        switch (refusal)
        {
            case ListRefusal.Expired:
                throw new ApiException(ApiErrorReason.Expired, message!);
            case ListRefusal.TooLarge:
                throw new ApiException(ApiErrorReason.Timeout, message!);
        }
    }

    private static string? Namespace(KindInfo kind, string? ns) => kind.Namespaced && !string.IsNullOrEmpty(ns) ? ns : null;

    private static KindInfo ResolveKind(string kind) =>
        Kinds.All.FirstOrDefault(k => k.Kind == kind) ?? Kinds.FromResourceName(kind)
        ?? throw new ApiException(ApiErrorReason.NotFound, $"the server doesn't have a resource type \"{kind}\"");

    private static void Check(KindInfo kind, string? labelSelector, string? fieldSelector)
    {
        try
        {
            SelectorParser.Parse(labelSelector);
            if (FieldSelector.Parse(fieldSelector).Validate(kind) is { } problem)
            {
                throw new ApiException(ApiErrorReason.BadRequest, problem);
            }
        }
        catch (FormatException e)
        {
            throw new ApiException(ApiErrorReason.BadRequest, e.Message);
        }
    }

    private static long? ParseResourceVersion(string? text) =>
        string.IsNullOrEmpty(text) ? null
        : ResourceVersions.Parse(text) ?? throw new ApiException(ApiErrorReason.BadRequest, $"resourceVersion: Invalid value: \"{text}\": must be a non-negative integer");

    private static ApiException Invalid(KindInfo kind, string cause) =>
        new(ApiErrorReason.Invalid, $"{kind.Kind} \"\" is invalid: {cause}");
}
