namespace OrleansKube.Model.Core;

public sealed record ResourceQuota : KubeObject
{
    public ResourceQuotaSpec? Spec { get; set; }

    public ResourceQuotaStatus? Status { get; set; }
}
