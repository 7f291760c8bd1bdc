namespace OrleansKube.Manifests.Patching;

/// <summary>Maps the <c>Content-Type</c> of a PATCH request to its <see cref="PatchType"/>.</summary>
public static class PatchTypes
{
    public const string JsonPatchContentType = "application/json-patch+json";
    public const string MergePatchContentType = "application/merge-patch+json";
    public const string StrategicMergePatchContentType = "application/strategic-merge-patch+json";
    public const string ApplyContentType = "application/apply-patch+yaml";

    /// <summary>Upstream's list of accepted types, in the order its 415 message names them.</summary>
    public static IReadOnlyList<string> ContentTypes { get; } =
        [JsonPatchContentType, MergePatchContentType, StrategicMergePatchContentType, ApplyContentType];

    /// <summary>
    /// The patch type of a content type, ignoring parameters (<c>; charset=utf-8</c>, which the C# client sends),
    /// case and surrounding blanks; null when the type is not a patch type (the API answers 415).
    /// </summary>
    public static PatchType? FromContentType(string? contentType)
    {
        if (contentType is null)
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return mediaType.ToLowerInvariant() switch
        {
            JsonPatchContentType => PatchType.JsonPatch,
            MergePatchContentType => PatchType.MergePatch,
            StrategicMergePatchContentType => PatchType.StrategicMergePatch,
            ApplyContentType => PatchType.Apply,
            _ => null,
        };
    }

    /// <summary>The content type a client sends for a patch type.</summary>
    public static string ContentType(this PatchType type) => type switch
    {
        PatchType.JsonPatch => JsonPatchContentType,
        PatchType.MergePatch => MergePatchContentType,
        PatchType.StrategicMergePatch => StrategicMergePatchContentType,
        PatchType.Apply => ApplyContentType,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
