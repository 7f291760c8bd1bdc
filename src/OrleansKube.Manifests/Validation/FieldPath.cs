namespace OrleansKube.Manifests.Validation;

/// <summary>
/// Builds field paths the way errors print them (<c>spec.containers[0].resources.requests.cpu</c>;
/// map keys that are not plain words go in brackets: <c>requests[nvidia.com/gpu]</c>).
/// </summary>
public static class FieldPath
{
    // Validation names every field it looks at, for every object admitted (a pod's ~60), and almost all of them never
    // reach an error: the paths made recently are kept (direct-mapped by parent and child, lock-free: a slot is one
    // immutable entry, replaced whole), so admitting a pod like the last one makes no new path strings.
    private const int Slots = 4_096;
    private static readonly Entry?[] Recent = new Entry?[Slots];

    public static string Child(string parent, string name)
    {
        var slot = (uint)HashCode.Combine(string.GetHashCode(parent.AsSpan()), string.GetHashCode(name.AsSpan())) % Slots;
        if (Recent[slot] is { } entry && entry.Index < 0 && entry.Parent == parent && entry.Name == name)
        {
            return entry.Path;
        }

        var path = IsWord(name) ? (parent.Length == 0 ? name : $"{parent}.{name}") : $"{parent}[{name}]";
        Recent[slot] = new Entry(parent, name, -1, path);
        return path;
    }

    public static string Index(string parent, int index)
    {
        var slot = (uint)HashCode.Combine(string.GetHashCode(parent.AsSpan()), index) % Slots;
        if (Recent[slot] is { } entry && entry.Index == index && entry.Parent == parent)
        {
            return entry.Path;
        }

        var path = $"{parent}[{index}]";
        Recent[slot] = new Entry(parent, null, index, path);
        return path;
    }

    private sealed record Entry(string Parent, string? Name, int Index, string Path);

    /// <summary>Converts a System.Text.Json path (<c>$.spec.x[0]['a.b/c']</c>) into our form.</summary>
    public static string FromJsonPath(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath))
        {
            return "";
        }

        var result = "";
        var i = jsonPath.StartsWith('$') ? 1 : 0;
        while (i < jsonPath.Length)
        {
            if (jsonPath[i] == '.')
            {
                var end = i + 1;
                while (end < jsonPath.Length && jsonPath[end] is not '.' and not '[')
                {
                    end++;
                }

                result = Child(result, jsonPath[(i + 1)..end]);
                i = end;
            }
            else if (jsonPath[i] == '[' && i + 1 < jsonPath.Length && jsonPath[i + 1] == '\'')
            {
                var end = jsonPath.IndexOf("']", i, StringComparison.Ordinal);
                end = end < 0 ? jsonPath.Length : end;
                result = Child(result, jsonPath[(i + 2)..end]);
                i = end + 2;
            }
            else if (jsonPath[i] == '[')
            {
                var end = jsonPath.IndexOf(']', i);
                end = end < 0 ? jsonPath.Length : end;
                result = $"{result}[{jsonPath[(i + 1)..end]}]";
                i = end + 1;
            }
            else
            {
                i++;
            }
        }

        return result;
    }

    private static bool IsWord(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-')
            {
                return false;
            }
        }

        return true;
    }
}
