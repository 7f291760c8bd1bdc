namespace OrleansKube.Tests.Quotas;

/// <summary>Pods, quotas and limit ranges for the quota tests, resources written as upstream's manifests write them (<c>cpu=500m,memory=1Gi</c>).</summary>
internal static class QuotaObjects
{
    public static Dictionary<string, Quantity>? Amounts(string? text) =>
        string.IsNullOrEmpty(text) ? null : text.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Quantity.Parse(p[1]), StringComparer.Ordinal);

    public static Container Container(string name, string? requests = null, string? limits = null) => new()
    {
        Name = name,
        Image = "nginx",
        Resources = requests is null && limits is null ? null : new ResourceRequirements { Requests = Amounts(requests), Limits = Amounts(limits) },
    };

    public static Pod Pod(string name, string? requests = null, string? limits = null, PodPhase phase = PodPhase.Pending, long? deadline = null, string? priorityClass = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "ns" },
        Spec = new PodSpec { Containers = [Container("app", requests, limits)], ActiveDeadlineSeconds = deadline, PriorityClassName = priorityClass },
        Status = new PodStatus { Phase = phase },
    };

    public static ResourceQuota Quota(string name, string hard, List<ResourceQuotaScope>? scopes = null, ScopeSelector? selector = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "ns" },
        Spec = new ResourceQuotaSpec { Hard = Amounts(hard), Scopes = scopes, ScopeSelector = selector },
    };

    public static LimitRange Range(params LimitRangeItem[] items) => new()
    {
        Metadata = new ObjectMeta { Name = "limits", Namespace = "ns" },
        Spec = new LimitRangeSpec { Limits = [.. items] },
    };
}
