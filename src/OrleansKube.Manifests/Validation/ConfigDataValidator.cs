namespace OrleansKube.Manifests.Validation;

/// <summary>
/// Upstream's ValidateConfigMapUpdate and ValidateSecretUpdate: once <c>immutable: true</c> is stored, the data and the
/// flag itself may not change (only metadata may, and the object may be deleted); a Secret's type never changes.
/// </summary>
public static class ConfigDataValidator
{
    public const string ImmutableWhenSet = "field is immutable when `immutable` is set";

    public static IEnumerable<FieldError> CheckUpdate(KubeObject current, KubeObject updated)
    {
        switch (current, updated)
        {
            case (ConfigMap from, ConfigMap to) when from.Immutable == true:
                if (to.Immutable != true)
                {
                    yield return FieldError.Forbidden("immutable", ImmutableWhenSet);
                }

                if (!SameMap(from.Data, to.Data, static (a, b) => a == b))
                {
                    yield return FieldError.Forbidden("data", ImmutableWhenSet);
                }

                if (!SameMap(from.BinaryData, to.BinaryData, static (a, b) => a.AsSpan().SequenceEqual(b)))
                {
                    yield return FieldError.Forbidden("binaryData", ImmutableWhenSet);
                }

                break;
            case (Secret from, Secret to):
                if ((to.Type ?? "Opaque") != (from.Type ?? "Opaque"))
                {
                    yield return FieldError.Invalid("type", to.Type, "field is immutable");
                }

                if (from.Immutable == true)
                {
                    if (to.Immutable != true)
                    {
                        yield return FieldError.Forbidden("immutable", ImmutableWhenSet);
                    }

                    // stringData has already been merged into data by the defaulting, as upstream's conversion does.
                    if (!SameMap(from.Data, to.Data, static (a, b) => a.AsSpan().SequenceEqual(b)))
                    {
                        yield return FieldError.Forbidden("data", ImmutableWhenSet);
                    }
                }

                break;
        }
    }

    /// <summary>Equal entries; an absent map and an empty one are the same data.</summary>
    private static bool SameMap<T>(Dictionary<string, T>? a, Dictionary<string, T>? b, Func<T, T, bool> same)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        foreach (var (key, value) in a ?? [])
        {
            if (!b!.TryGetValue(key, out var other) || !same(value, other))
            {
                return false;
            }
        }

        return true;
    }
}
