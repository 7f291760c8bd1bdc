namespace OrleansKube.Model.Batch;

public enum PodFailurePolicyOnExitCodesOperator
{
    In,
    NotIn,
}
