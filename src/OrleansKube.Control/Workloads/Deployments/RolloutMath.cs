using System.Globalization;
using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads.Deployments;

/// <summary>Upstream's rolling-update arithmetic: maxSurge rounds up, maxUnavailable down, and both zero means one unavailable.</summary>
public static class RolloutMath
{
    /// <summary>An int, or a percentage of <paramref name="total"/> rounded up or down (GetScaledValueFromIntOrPercent).</summary>
    public static int ScaledValue(IntOrString? value, int total, bool roundUp)
    {
        if (value is not { } v)
        {
            return 0;
        }

        if (v.IntValue is { } number)
        {
            return number;
        }

        var percent = int.Parse(v.StringValue!.TrimEnd('%'), NumberStyles.Integer, CultureInfo.InvariantCulture);
        var scaled = percent * (double)total / 100;
        return (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
    }

    /// <summary>(surge, unavailable) for <paramref name="desired"/> replicas (ResolveFenceposts).</summary>
    public static (int Surge, int Unavailable) ResolveFenceposts(IntOrString? maxSurge, IntOrString? maxUnavailable, int desired)
    {
        var surge = ScaledValue(maxSurge, desired, roundUp: true);
        var unavailable = ScaledValue(maxUnavailable, desired, roundUp: false);
        return surge == 0 && unavailable == 0 ? (0, 1) : (surge, unavailable);
    }

    public static bool IsRollingUpdate(Deployment d) => d.Spec?.Strategy?.Type is null or DeploymentStrategyType.RollingUpdate;

    public static int Replicas(Deployment d) => d.Spec?.Replicas ?? 1;

    public static int MaxSurge(Deployment d) => IsRollingUpdate(d) ? Fenceposts(d).Surge : 0;

    public static int MaxUnavailable(Deployment d)
    {
        var replicas = Replicas(d);
        return !IsRollingUpdate(d) || replicas == 0 ? 0 : Math.Min(Fenceposts(d).Unavailable, replicas);
    }

    private static (int Surge, int Unavailable) Fenceposts(Deployment d)
    {
        var rolling = d.Spec?.Strategy?.RollingUpdate;
        return ResolveFenceposts(rolling?.MaxSurge ?? "25%", rolling?.MaxUnavailable ?? "25%", Replicas(d));
    }

    /// <summary>How far the new ReplicaSet may grow now: up to replicas + maxSurge pods in all (NewRSNewReplicas).</summary>
    public static int NewReplicaSetReplicas(Deployment d, IEnumerable<ReplicaSet> all, ReplicaSet newRs)
    {
        var replicas = Replicas(d);
        var newReplicas = newRs.Spec?.Replicas ?? 0;
        if (!IsRollingUpdate(d))
        {
            return replicas;
        }

        var current = all.Sum(rs => rs.Spec?.Replicas ?? 0);
        var maxTotal = replicas + MaxSurge(d);
        if (current >= maxTotal)
        {
            return newReplicas;
        }

        return newReplicas + Math.Min(maxTotal - current, replicas - newReplicas);
    }
}
