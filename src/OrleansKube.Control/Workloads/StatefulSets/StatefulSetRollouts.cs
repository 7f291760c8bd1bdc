using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads.StatefulSets;

/// <summary>kubectl's StatefulSetStatusViewer: what <c>rollout status statefulset/NAME</c> prints, from the status alone.</summary>
public static class StatefulSetRollouts
{
    /// <summary>The line to print (without its newline), done, or an error (OnDelete has no rollout to follow).</summary>
    public static (string Message, bool Done, string? Error) Status(StatefulSet sts)
    {
        var spec = sts.Spec ?? new StatefulSetSpec();
        var status = sts.Status ?? new StatefulSetStatus();
        if (spec.UpdateStrategy?.Type is not (null or StatefulSetUpdateStrategyType.RollingUpdate))
        {
            return ("", true, "rollout status is only available for RollingUpdate strategy type");
        }

        if ((status.ObservedGeneration ?? 0) == 0 || sts.Metadata.Generation > status.ObservedGeneration)
        {
            return ("Waiting for statefulset spec update to be observed...", false, null);
        }

        if (spec.Replicas is { } replicas && (status.ReadyReplicas ?? 0) < replicas)
        {
            return ($"Waiting for {replicas - (status.ReadyReplicas ?? 0)} pods to be ready...", false, null);
        }

        if (spec.UpdateStrategy?.RollingUpdate is { } rolling)
        {
            if (spec.Replicas is { } wanted && rolling.Partition is { } partition && (status.UpdatedReplicas ?? 0) < wanted - partition)
            {
                return ($"Waiting for partitioned roll out to finish: {status.UpdatedReplicas ?? 0} out of {wanted - partition} new pods have been updated...", false, null);
            }

            return ($"partitioned roll out complete: {status.UpdatedReplicas ?? 0} new pods have been updated...", true, null);
        }

        return status.UpdateRevision != status.CurrentRevision
            ? ($"waiting for statefulset rolling update to complete {status.UpdatedReplicas ?? 0} pods at revision {status.UpdateRevision}...", false, null)
            : ($"statefulset rolling update complete {status.CurrentReplicas ?? 0} pods at revision {status.CurrentRevision}...", true, null);
    }
}
