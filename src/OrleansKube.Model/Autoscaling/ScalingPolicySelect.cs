namespace OrleansKube.Model.Autoscaling;

public enum ScalingPolicySelect
{
    Max,
    Min,
    Disabled,
}
