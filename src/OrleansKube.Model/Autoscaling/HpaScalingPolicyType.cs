namespace OrleansKube.Model.Autoscaling;

public enum HpaScalingPolicyType
{
    Pods,
    Percent,
}
