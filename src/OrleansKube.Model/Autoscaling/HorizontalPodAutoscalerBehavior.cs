namespace OrleansKube.Model.Autoscaling;

public sealed record HorizontalPodAutoscalerBehavior
{
    public HpaScalingRules? ScaleUp { get; set; }

    public HpaScalingRules? ScaleDown { get; set; }
}
