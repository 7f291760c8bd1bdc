namespace OrleansKube.Model.Autoscaling;

/// <summary>autoscaling/v2 HorizontalPodAutoscaler.</summary>
public sealed record HorizontalPodAutoscaler : KubeObject
{
    public HorizontalPodAutoscalerSpec? Spec { get; set; }

    public HorizontalPodAutoscalerStatus? Status { get; set; }
}
