using System.Globalization;
using System.Net;
using System.Text.Json;

namespace OrleansKube.LoadTests.Api;

/// <summary>
/// Clients watching every pod through the REST front, as informers do: a list for its resourceVersion, then
/// <c>GET /api/v1/pods?watch=true&amp;resourceVersion=RV&amp;allowWatchBookmarks=true</c>, every line read off the wire,
/// its event type and the object's metadata decoded.
/// <see cref="SettleAsync"/> waits until every watcher has seen the cache's latest resourceVersion and tells whether
/// all saw the same events (every pod event, none twice).
/// </summary>
public sealed class ApiWatchers : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly Watcher[] _watchers;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _reading;
    private readonly long _from;

    private ApiWatchers(HttpClient http, int count, long from)
    {
        _http = http;
        _from = from;
        _watchers = [.. Enumerable.Range(0, count).Select(_ => new Watcher(from))];
        _reading = [.. _watchers.Select(w => Task.Run(() => ReadAsync(w, _stop.Token)))];
    }

    public int Count => _watchers.Length;

    public static async Task<ApiWatchers> StartAsync(Uri api, int count, CancellationToken cancellationToken)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { BaseAddress = api, Timeout = Timeout.InfiniteTimeSpan };
        var from = await ListResourceVersionAsync(http, cancellationToken);
        var watchers = new ApiWatchers(http, count, from);
        await Task.WhenAll(watchers._watchers.Select(w => w.Connected.Task)).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return watchers;
    }

    /// <summary>The pods' resourceVersion now (a list of at most one pod).</summary>
    public static async Task<long> ListResourceVersionAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var list = JsonDocument.Parse(await http.GetStringAsync("/api/v1/pods?limit=1", cancellationToken));
        return long.Parse(list.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Waits until every watcher has read up to the pods' current resourceVersion (or <paramref name="timeout"/>
    /// passes: real time, as the watchers read in real time), then tallies what each saw.
    /// </summary>
    public async Task<WatchersResult> SettleAsync(int pods, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var target = await ListResourceVersionAsync(_http, cancellationToken);
        var deadline = DateTime.UtcNow + timeout;
        // A wall-clock wait: the watchers are HTTP clients reading in real time; the check is 100 ms coarse.
        while (target > _from && _watchers.Any(w => Volatile.Read(ref w.LastResourceVersion) < target && w.Failure is null) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellationToken);
        }

        await _stop.CancelAsync();
        await Task.WhenAll(_reading);
        return Tally(_watchers.Select(w => w.Tally(target)).ToList(), pods);
    }

    /// <summary>Whether every watcher saw every event: the same sequence for all, up to the target, each pod's ADDED.</summary>
    public static WatchersResult Tally(IReadOnlyList<WatcherTally> watchers, int pods)
    {
        var problems = new List<string>();
        for (var i = 0; i < watchers.Count; i++)
        {
            var w = watchers[i];
            if (w.Failure is not null)
            {
                problems.Add($"watcher {i}: {w.Failure}");
            }
            else if (!w.ReachedTarget)
            {
                problems.Add($"watcher {i}: read up to resourceVersion {w.LastResourceVersion}, not {w.TargetResourceVersion}");
            }
            else if (w.OutOfOrder > 0)
            {
                problems.Add($"watcher {i}: {w.OutOfOrder} events not after the one before");
            }
            else if (w.PodsAdded < pods)
            {
                problems.Add($"watcher {i}: ADDED for {w.PodsAdded} pods of {pods}");
            }
        }

        if (watchers.Count > 0 && watchers.Any(w => (w.Events, w.Digest) != (watchers[0].Events, watchers[0].Digest)))
        {
            problems.Add($"the watchers saw different events: {string.Join(", ", watchers.Select(w => w.Events))}");
        }

        return new WatchersResult(watchers.Count, [.. watchers.Select(w => w.Events)], watchers.Count > 0 ? watchers[0].Added : 0,
            watchers.Count > 0 ? watchers[0].Modified : 0, watchers.Count > 0 ? watchers[0].Deleted : 0, watchers.Sum(w => w.Bookmarks), problems.Count == 0, problems);
    }

    private async Task ReadAsync(Watcher watcher, CancellationToken cancellationToken)
    {
        try
        {
            var path = $"/api/v1/pods?watch=true&resourceVersion={_from.ToString(CultureInfo.InvariantCulture)}&allowWatchBookmarks=true";
            using var response = await _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                watcher.Failure = $"watch answered {(int)response.StatusCode}";
                watcher.Connected.TrySetResult();
                return;
            }

            watcher.Connected.TrySetResult();

            // Lines cut out of one growing buffer read straight from the response stream.
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[64 * 1024];
            var filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2); // a line longer than the buffer
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                var start = 0; // of the line being cut
                var scan = filled; // the bytes before it hold no newline
                var end = filled + read;
                for (int newline; (newline = buffer.AsSpan(scan, end - scan).IndexOf((byte)'\n')) >= 0;)
                {
                    watcher.Read(buffer.AsSpan(start, scan + newline - start));
                    start = scan = scan + newline + 1;
                }

                buffer.AsSpan(start, end - start).CopyTo(buffer);
                filled = end - start;
            }

            watcher.Failure ??= "the server ended the watch";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // settled
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException)
        {
            watcher.Failure = e.Message;
        }
        finally
        {
            watcher.Connected.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_reading);
        _stop.Dispose();
        _http.Dispose();
    }

    private sealed class Watcher(long from)
    {
        public long LastResourceVersion = from;
        private readonly HashSet<string> _added = new(StringComparer.Ordinal);
        private int _events;
        private int _addedEvents;
        private int _modified;
        private int _deleted;
        private int _bookmarks;
        private int _outOfOrder;
        private ulong _digest;

        public TaskCompletionSource Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string? Failure { get; set; }

        /// <summary>
        /// Parses one event line for its type and the object's metadata, and skips the rest of
        /// the line. The clients share the process whose CPU the run measures: what a remote client spends decoding the
        /// rest of each object is not the cluster's cost, so they read no more than the tally needs, and compare
        /// property names in place instead of making strings of them.
        /// </summary>
        public void Read(ReadOnlySpan<byte> line)
        {
            var json = new Utf8JsonReader(line);
            string? type = null, name = null, ns = null;
            long rv = 0;
            var inObject = false; // at depth 2: inside "object"
            var inMetadata = false; // at depth 3: inside "object"."metadata"
            while (json.Read())
            {
                if (json.TokenType == JsonTokenType.EndObject && inMetadata && json.CurrentDepth == 2 && type is not null)
                {
                    break; // the object's metadata read: the rest of it (spec, status) is not tallied
                }

                if (json.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                var depth = json.CurrentDepth;
                switch (depth)
                {
                    case 1:
                        inObject = json.ValueTextEquals("object"u8);
                        if (json.ValueTextEquals("type"u8))
                        {
                            json.Read();
                            type = json.ValueTextEquals("ADDED"u8) ? "ADDED" : json.ValueTextEquals("MODIFIED"u8) ? "MODIFIED"
                                : json.ValueTextEquals("DELETED"u8) ? "DELETED" : json.GetString();
                        }

                        continue;
                    case 2:
                        inMetadata = inObject && json.ValueTextEquals("metadata"u8);
                        continue;
                    case 3 when inMetadata:
                        if (json.ValueTextEquals("resourceVersion"u8))
                        {
                            json.Read();
                            rv = long.Parse(json.ValueSpan, CultureInfo.InvariantCulture);
                        }
                        else if (json.ValueTextEquals("name"u8))
                        {
                            json.Read();
                            name = json.GetString();
                        }
                        else if (json.ValueTextEquals("namespace"u8))
                        {
                            json.Read();
                            ns = json.GetString();
                        }

                        continue;
                }
            }

            if (type == "BOOKMARK")
            {
                _bookmarks++;
                Volatile.Write(ref LastResourceVersion, Math.Max(LastResourceVersion, rv));
                return;
            }

            if (type == "ERROR")
            {
                Failure = $"ERROR event: {System.Text.Encoding.UTF8.GetString(line)}";
                return;
            }

            if (rv <= LastResourceVersion)
            {
                _outOfOrder++;
            }

            _events++;
            _digest = unchecked((_digest * 1_000_003) + (ulong)rv + (ulong)type!.Length); // the same sequence of events gives the same digest
            switch (type)
            {
                case "ADDED":
                    _addedEvents++;
                    _added.Add($"{ns}/{name}");
                    break;
                case "MODIFIED":
                    _modified++;
                    break;
                case "DELETED":
                    _deleted++;
                    break;
            }

            Volatile.Write(ref LastResourceVersion, rv);
        }

        public WatcherTally Tally(long target) =>
            new(_events, _addedEvents, _modified, _deleted, _bookmarks, _added.Count, _outOfOrder, _digest, LastResourceVersion, target, LastResourceVersion >= target, Failure);
    }
}
