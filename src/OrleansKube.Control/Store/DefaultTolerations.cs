namespace OrleansKube.Control.Store;

/// <summary>
/// Upstream's DefaultTolerationSeconds admission plugin: a pod that does not already tolerate the
/// <c>not-ready</c> and <c>unreachable</c> NoExecute taints gets tolerations for them of 300 s, so it is
/// evicted five minutes after its node fails.
/// </summary>
public static class DefaultTolerations
{
    public const string NotReadyTaint = "node.kubernetes.io/not-ready";
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";
    public const long Seconds = 300;

    public static void Apply(Pod pod)
    {
        var tolerations = pod.Spec.Tolerations ?? [];
        var added = new List<Toleration>();
        foreach (var key in (ReadOnlySpan<string>)[NotReadyTaint, UnreachableTaint])
        {
            if (!tolerations.Any(t => (string.IsNullOrEmpty(t.Key) || t.Key == key) && t.Effect is null or TaintEffect.NoExecute))
            {
                added.Add(new Toleration { Key = key, Operator = TolerationOperator.Exists, Effect = TaintEffect.NoExecute, TolerationSeconds = Seconds });
            }
        }

        if (added.Count > 0)
        {
            pod.Spec.Tolerations = [.. tolerations, .. added];
        }
    }
}
