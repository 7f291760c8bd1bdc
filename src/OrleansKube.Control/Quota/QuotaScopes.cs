using OrleansKube.Control.Store;

namespace OrleansKube.Control.Quota;

/// <summary>
/// Upstream's quota scopes: a scoped quota charges only the pods its scopes and scopeSelector all match (Terminating,
/// NotTerminating, BestEffort, NotBestEffort, PriorityClass); a scoped quota charges no other kind. The
/// CrossNamespacePodAffinity and VolumeAttributesClass scopes are stored and match nothing here.
/// </summary>
public static class QuotaScopes
{
    public static bool Matches(ResourceQuota quota, KubeObject obj)
    {
        var scopes = quota.Spec?.Scopes ?? [];
        var expressions = quota.Spec?.ScopeSelector?.MatchExpressions ?? [];
        if (scopes.Count == 0 && expressions.Count == 0)
        {
            return true;
        }

        return obj is Pod pod
            && scopes.All(s => Matches(pod, new ScopedResourceSelectorRequirement { ScopeName = s, Operator = ScopeSelectorOperator.Exists }))
            && expressions.All(e => Matches(pod, e));
    }

    private static bool Matches(Pod pod, ScopedResourceSelectorRequirement requirement)
    {
        var className = pod.Spec.PriorityClassName ?? "";
        return requirement.ScopeName switch
        {
            ResourceQuotaScope.Terminating => pod.Spec.ActiveDeadlineSeconds is >= 0,
            ResourceQuotaScope.NotTerminating => pod.Spec.ActiveDeadlineSeconds is not >= 0,
            ResourceQuotaScope.BestEffort => QualityOfService.Compute(pod.Spec) == PodQosClass.BestEffort,
            ResourceQuotaScope.NotBestEffort => QualityOfService.Compute(pod.Spec) != PodQosClass.BestEffort,
            ResourceQuotaScope.PriorityClass => requirement.Operator switch
            {
                ScopeSelectorOperator.In => (requirement.Values ?? []).Contains(className),
                ScopeSelectorOperator.NotIn => !(requirement.Values ?? []).Contains(className),
                ScopeSelectorOperator.Exists => className.Length > 0,
                _ => className.Length == 0,
            },
            _ => false,
        };
    }
}
