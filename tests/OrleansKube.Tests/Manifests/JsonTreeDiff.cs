using System.Text.Json.Nodes;

namespace OrleansKube.Tests.Manifests;

/// <summary>The paths at which two JSON trees differ, worded for a failing assertion (objects compared by key, arrays by index).</summary>
public static class JsonTreeDiff
{
    /// <summary>Adds every difference; below <paramref name="defaultedUnder"/> (a dotted path) the actual tree may also hold fields the expected one lacks.</summary>
    public static void Collect(JsonNode? expected, JsonNode? actual, string path, string? defaultedUnder, List<string> differences)
    {
        var relative = path.Contains('.') ? path[(path.IndexOf('.') + 1)..] : "";
        var mayAdd = defaultedUnder is not null && (relative == defaultedUnder || relative.StartsWith(defaultedUnder + ".", StringComparison.Ordinal) || relative.StartsWith(defaultedUnder + "[", StringComparison.Ordinal));
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var (key, value) in e)
                {
                    if (!a.ContainsKey(key))
                    {
                        differences.Add($"{path}.{key}: written but not returned");
                        continue;
                    }

                    Collect(value, a[key], $"{path}.{key}", defaultedUnder, differences);
                }

                foreach (var (key, value) in a)
                {
                    if (!e.ContainsKey(key) && !mayAdd)
                    {
                        differences.Add($"{path}.{key}: returned but not written ({value?.ToJsonString() ?? "null"})");
                    }
                }

                break;
            case (JsonArray e, JsonArray a) when e.Count == a.Count:
                for (var i = 0; i < e.Count; i++)
                {
                    Collect(e[i], a[i], $"{path}[{i}]", defaultedUnder, differences);
                }

                break;
            default:
                if (!JsonNode.DeepEquals(expected, actual))
                {
                    differences.Add($"{path}: written {expected?.ToJsonString() ?? "null"}, returned {actual?.ToJsonString() ?? "null"}");
                }

                break;
        }
    }
}
