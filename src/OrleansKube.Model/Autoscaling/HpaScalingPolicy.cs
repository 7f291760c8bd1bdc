namespace OrleansKube.Model.Autoscaling;

/// <summary>Upstream's HPAScalingPolicy: at most <see cref="Value"/> pods (or percent) of change per <see cref="PeriodSeconds"/>.</summary>
public sealed record HpaScalingPolicy
{
    public HpaScalingPolicyType Type { get; set; }

    public int Value { get; set; }

    public int PeriodSeconds { get; set; }
}
