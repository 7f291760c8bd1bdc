using OrleansKube.Model.Caching;

namespace OrleansKube.Manifests.Validation;

/// <summary>
/// Builds field paths the way errors print them (<c>spec.containers[0].resources.requests.cpu</c>;
/// map keys that are not plain words go in brackets: <c>requests[nvidia.com/gpu]</c>).
/// </summary>
public static class FieldPath
{
    // Validation names every field it looks at, for every object admitted (a pod's ~60), and almost all of them never
    // reach an error: the paths made recently are kept, so admitting a pod like the last one makes no new path strings.
    private static readonly RecentValues<(string Parent, string Name), string> Children = new(4_096);
    private static readonly RecentValues<(string Parent, int Index), string> Indexes = new(4_096);

    public static string Child(string parent, string name) =>
        Children.GetOrAdd((parent, name), 0, static (key, _) =>
            IsWord(key.Name) ? (key.Parent.Length == 0 ? key.Name : $"{key.Parent}.{key.Name}") : $"{key.Parent}[{key.Name}]");

    public static string Index(string parent, int index) =>
        Indexes.GetOrAdd((parent, index), 0, static (key, _) => $"{key.Parent}[{key.Index}]");

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
