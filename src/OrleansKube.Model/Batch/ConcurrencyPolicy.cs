namespace OrleansKube.Model.Batch;

public enum ConcurrencyPolicy
{
    Allow,
    Forbid,
    Replace,
}
