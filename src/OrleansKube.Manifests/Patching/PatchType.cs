namespace OrleansKube.Manifests.Patching;

/// <summary>The four patch formats the API accepts, by their upstream content types.</summary>
public enum PatchType
{
    /// <summary>RFC 6902, <c>application/json-patch+json</c>.</summary>
    JsonPatch,

    /// <summary>RFC 7386, <c>application/merge-patch+json</c>.</summary>
    MergePatch,

    /// <summary>Kubernetes' strategic merge patch, <c>application/strategic-merge-patch+json</c>.</summary>
    StrategicMergePatch,

    /// <summary>Server-side apply, <c>application/apply-patch+yaml</c> (the body may be JSON).</summary>
    Apply,
}
