using System.Runtime.CompilerServices;
using OrleansKube.Grains.Abstractions.Watching;

namespace OrleansKube.Api.Reading;

/// <summary>
/// The reader the front uses when the silo registers no <see cref="IKubeReader"/>: lists through the API grain, and
/// watches by listing again every second and sending what changed. It has no history (a list's resourceVersion is not
/// a snapshot point), so it serves kubectl by hand, not informers; the silo's own reader supersedes it.
/// </summary>
public sealed class GrainKubeReader(IGrainFactory grains, TimeProvider time) : IKubeReader
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private IApiGrain Api => grains.GetGrain<IApiGrain>(0);

    public async Task<ListPage> ListAsync(ListRequest request, CancellationToken cancellationToken)
    {
        var items = await Api.ListAsync(new ListQuery(request.Kind, request.Namespace, request.LabelSelector, request.FieldSelector));
        return new ListPage(items, LatestVersion(items));
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(WatchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (request.Timeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        var query = new ListQuery(request.Kind, request.Namespace, request.LabelSelector, request.FieldSelector);
        var known = new Dictionary<string, KubeObject>(StringComparer.Ordinal);
        var initial = request.ResourceVersion is null or "" or "0" || request.SendInitialEvents == true;
        var first = true;
        using var timer = new PeriodicTimer(PollInterval, time);
        while (!timeout.IsCancellationRequested)
        {
            List<KubeObject> current;
            try
            {
                current = await Api.ListAsync(query);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var obj in current)
            {
                var key = $"{obj.Metadata.Namespace}/{obj.Metadata.Name}";
                seen.Add(key);
                if (!known.TryGetValue(key, out var before))
                {
                    known[key] = obj;
                    if (!first || initial)
                    {
                        yield return new WatchEvent(WatchEventType.Added, obj, obj.Metadata.ResourceVersion ?? "");
                    }
                }
                else if (before.Metadata.ResourceVersion != obj.Metadata.ResourceVersion)
                {
                    known[key] = obj;
                    yield return new WatchEvent(WatchEventType.Modified, obj, obj.Metadata.ResourceVersion ?? "");
                }
            }

            foreach (var gone in known.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                var last = known[gone];
                known.Remove(gone);
                yield return new WatchEvent(WatchEventType.Deleted, last, last.Metadata.ResourceVersion ?? "");
            }

            if (first && request.SendInitialEvents == true)
            {
                yield return new WatchEvent(WatchEventType.Bookmark, null, LatestVersion(current), InitialEventsEnd: true);
            }

            first = false;
            try
            {
                await timer.WaitForNextTickAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    private static string LatestVersion(IEnumerable<KubeObject> items) =>
        items.Select(o => long.TryParse(o.Metadata.ResourceVersion, out var rv) ? rv : 0).DefaultIfEmpty(0).Max() is var max and > 0 ? max.ToString(System.Globalization.CultureInfo.InvariantCulture) : "1";
}
