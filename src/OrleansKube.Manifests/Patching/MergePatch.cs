using System.Text.Json.Nodes;

namespace OrleansKube.Manifests.Patching;

/// <summary>RFC 7386 JSON merge patch: objects merge recursively, <c>null</c> removes a key, anything else replaces.</summary>
public static class MergePatch
{
    /// <summary>Merges <paramref name="patch"/> into <paramref name="target"/> (changed in place when both are objects); returns the result.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonObject && result[key] is JsonObject existing)
            {
                Apply(existing, value);
            }
            else
            {
                result[key] = Apply(null, value);
            }
        }

        return result;
    }
}
