namespace OrleansKube.Model.Autoscaling;

/// <summary>Upstream's HPAScalingRules.</summary>
public sealed record HpaScalingRules
{
    public int? StabilizationWindowSeconds { get; set; }

    public ScalingPolicySelect? SelectPolicy { get; set; }

    public List<HpaScalingPolicy>? Policies { get; set; }
}
