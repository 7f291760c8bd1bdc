namespace OrleansKube.Control.Scheduling;

/// <summary>Upstream's toleration matching.</summary>
public static class Tolerations
{
    public static bool Tolerates(Toleration toleration, Taint taint)
    {
        if (toleration.Effect is { } effect && effect != taint.Effect)
        {
            return false;
        }

        if (string.IsNullOrEmpty(toleration.Key))
        {
            // An empty key with Exists tolerates every taint.
            return toleration.Operator == TolerationOperator.Exists;
        }

        if (toleration.Key != taint.Key)
        {
            return false;
        }

        return toleration.Operator == TolerationOperator.Exists || (toleration.Value ?? "") == (taint.Value ?? "");
    }

    /// <summary>Whether any of <paramref name="tolerations"/> tolerates the taint (a loop: filters call it per node and taint).</summary>
    public static bool ToleratesAll(IReadOnlyList<Toleration>? tolerations, Taint taint)
    {
        if (tolerations is null)
        {
            return false;
        }

        for (var i = 0; i < tolerations.Count; i++)
        {
            if (Tolerates(tolerations[i], taint))
            {
                return true;
            }
        }

        return false;
    }

    public static string Describe(Taint taint) => $"{{{taint.Key}: {taint.Value}}}";
}
