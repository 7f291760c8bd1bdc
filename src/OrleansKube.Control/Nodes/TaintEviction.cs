using OrleansKube.Control.Scheduling;

namespace OrleansKube.Control.Nodes;

/// <summary>
/// Upstream's NoExecute taint manager, for one pod on one node: a NoExecute taint the pod does not tolerate
/// evicts it at once; tolerated ones let it stay for the shortest <c>tolerationSeconds</c> among the
/// tolerations used (forever when none sets it).
/// </summary>
public static class TaintEviction
{
    public const string Reason = "DeletionByTaintManager";
    public const string Message = "Taint manager: deleting due to NoExecute taint";

    /// <summary>How long the pod may stay from when it first met these taints: null forever, zero not at all.</summary>
    public static TimeSpan? TimeAllowed(IReadOnlyList<Toleration>? tolerations, IEnumerable<Taint> taints)
    {
        TimeSpan? allowed = null;
        foreach (var taint in taints)
        {
            if (taint.Effect != TaintEffect.NoExecute)
            {
                continue;
            }

            var tolerated = false;
            foreach (var toleration in tolerations ?? [])
            {
                if (!Tolerations.Tolerates(toleration, taint))
                {
                    continue;
                }

                tolerated = true;
                if (toleration.TolerationSeconds is { } seconds)
                {
                    var limit = TimeSpan.FromSeconds(Math.Max(0, seconds));
                    allowed = allowed is null || limit < allowed ? limit : allowed;
                }
            }

            if (!tolerated)
            {
                return TimeSpan.Zero;
            }
        }

        return allowed;
    }
}
