namespace OrleansKube.Control.Watching;

/// <summary>
/// Every object of a kind in list order (<see cref="ObjectOrder"/>), in sorted chunks of at most
/// <see cref="ChunkSize"/>: a write is a binary search and a short array move, and a page of a list starts with a
/// seek, not a walk from the start (150,000 pods page at the cost of their pages). <c>SortedSet</c>'s range views
/// count their whole range each time one is made.
/// </summary>
public sealed class SortedObjects
{
    public const int ChunkSize = 512;

    private readonly List<List<KubeObject>> _chunks = [];

    public int Count { get; private set; }

    /// <summary>Stores <paramref name="obj"/> in its place; returns the object it replaced.</summary>
    public KubeObject? Put(KubeObject obj)
    {
        var ns = obj.Metadata.Namespace ?? "";
        var name = obj.Metadata.Name ?? "";
        if (_chunks.Count == 0)
        {
            _chunks.Add([obj]);
            Count++;
            return null;
        }

        var c = ChunkFor(ns, name);
        if (c == _chunks.Count)
        {
            c--; // after every key: the last chunk takes it
        }

        var chunk = _chunks[c];
        var i = Search(chunk, ns, name);
        if (i >= 0)
        {
            var replaced = chunk[i];
            chunk[i] = obj;
            return replaced;
        }

        chunk.Insert(~i, obj);
        Count++;
        if (chunk.Count > ChunkSize)
        {
            var half = chunk.Count / 2;
            _chunks.Insert(c + 1, chunk.GetRange(half, chunk.Count - half));
            chunk.RemoveRange(half, chunk.Count - half);
        }

        return null;
    }

    public KubeObject? Get(string ns, string name)
    {
        var c = ChunkFor(ns, name);
        if (c == _chunks.Count)
        {
            return null;
        }

        var i = Search(_chunks[c], ns, name);
        return i >= 0 ? _chunks[c][i] : null;
    }

    public KubeObject? Remove(string ns, string name)
    {
        var c = ChunkFor(ns, name);
        if (c == _chunks.Count)
        {
            return null;
        }

        var chunk = _chunks[c];
        var i = Search(chunk, ns, name);
        if (i < 0)
        {
            return null;
        }

        var removed = chunk[i];
        chunk.RemoveAt(i);
        Count--;
        if (chunk.Count == 0)
        {
            _chunks.RemoveAt(c);
        }

        return removed;
    }

    /// <summary>The objects after (<paramref name="inclusive"/>: from) the key, in order.</summary>
    public IEnumerable<KubeObject> From(string ns, string name, bool inclusive)
    {
        var c = ChunkFor(ns, name);
        if (c == _chunks.Count)
        {
            yield break;
        }

        var i = Search(_chunks[c], ns, name);
        var start = i >= 0 ? (inclusive ? i : i + 1) : ~i;
        for (; c < _chunks.Count; c++, start = 0)
        {
            var chunk = _chunks[c];
            for (var j = start; j < chunk.Count; j++)
            {
                yield return chunk[j];
            }
        }
    }

    public IEnumerable<KubeObject> All() => From("", "", inclusive: true);

    // The first chunk whose last key is at or after the key (Count: none).
    private int ChunkFor(string ns, string name)
    {
        int lo = 0, hi = _chunks.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (ObjectOrder.Compare(_chunks[mid][^1], ns, name) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static int Search(List<KubeObject> chunk, string ns, string name)
    {
        int lo = 0, hi = chunk.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var order = ObjectOrder.Compare(chunk[mid], ns, name);
            if (order == 0)
            {
                return mid;
            }

            if (order < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}
