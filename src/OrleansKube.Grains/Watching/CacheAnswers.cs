using OrleansKube.Control.Watching;
using OrleansKube.Grains.Abstractions.Watching;
using OrleansKube.Model.Selection;

namespace OrleansKube.Grains.Watching;

/// <summary>A <see cref="KindCache"/>'s answers in their wire shapes: what a watch cache grain hands out for a list or a read.</summary>
public static class CacheAnswers
{
    /// <summary>A page of a list (the query's continue fields as its token) of what <paramref name="filter"/> (the query's, <see cref="FilterOf"/>) selects.</summary>
    public static CachePage List(KindCache cache, CacheQuery query, ObjectFilter filter)
    {
        var token = query.ContinueAt is { } at ? new ContinueToken(at, query.ContinueNamespace ?? "", query.ContinueName ?? "", query.ContinueReturned) : null;
        var outcome = cache.List(filter, query.Limit, token, query.At);
        return new CachePage(outcome.Items, outcome.ResourceVersion, outcome.Next?.Encode(), outcome.RemainingItemCount, outcome.Refusal, outcome.Message);
    }

    /// <summary>
    /// The changes after <paramref name="after"/>, at most <paramref name="max"/>, and the resourceVersion every change up
    /// to which they cover; from before the window: none, and where the window starts (410).
    /// </summary>
    public static CacheRead Read(KindCache cache, long after, int max, bool closing = false)
    {
        if (!cache.Window.Covers(after))
        {
            return new CacheRead([], cache.ResourceVersion, cache.Window.StartResourceVersion);
        }

        var read = cache.Window.Read(after, max, static c => new CacheChange(c.ResourceVersion, c.Type, c.Object, c.Previous));
        return new CacheRead(read, read.Length == max && max > 0 ? read[^1].ResourceVersion : cache.ResourceVersion, Closing: closing);
    }

    /// <summary>The query's namespace and selectors; a selector that does not parse is a BadRequest naming it.</summary>
    public static ObjectFilter FilterOf(CacheQuery query)
    {
        try
        {
            return new ObjectFilter(query.Namespace, SelectorParser.Parse(query.LabelSelector), FieldSelector.Parse(query.FieldSelector));
        }
        catch (FormatException e)
        {
            throw new ApiException(ApiErrorReason.BadRequest, e.Message);
        }
    }
}
