namespace OrleansKube.Manifests.Patching;

/// <summary>
/// How one list field merges, from upstream's struct tags: <see cref="MergeKey"/> is the strategic merge patch's
/// <c>patchMergeKey</c> (null: the patch replaces the list), <see cref="MapKeys"/> are server-side apply's
/// <c>listMapKey</c>s (empty: apply replaces it), <see cref="IsSet"/> marks a list of scalars merged as a set
/// by both (<c>finalizers</c>, <c>podCIDRs</c>). The two differ on a few fields: Job conditions merge by type in a
/// patch and are atomic to apply.
/// </summary>
public sealed record ListRule(string? MergeKey, IReadOnlyList<string> MapKeys, bool IsSet = false)
{
    public static readonly ListRule Set = new(null, [], IsSet: true);

    /// <summary>A list merged by one key in both patch and apply.</summary>
    public static ListRule Keyed(string key) => new(key, [key]);
}
