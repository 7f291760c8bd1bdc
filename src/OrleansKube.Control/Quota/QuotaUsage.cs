namespace OrleansKube.Control.Quota;

/// <summary>
/// Upstream's quota evaluators: what one object charges against a quota (a pod its count and its cpu/memory requests and
/// limits, a claim its count and storage, a Service its count and load balancers/node ports, any object its
/// <c>count/&lt;resource&gt;.&lt;group&gt;</c>), and a quota's used amounts over a namespace's objects.
/// </summary>
public static class QuotaUsage
{
    private static readonly string[] ComputeResources = ["cpu", "memory", "ephemeral-storage"];

    /// <summary>The legacy object-count names (<c>pods</c>, <c>services</c> …) and the kinds they count.</summary>
    private static readonly Dictionary<string, KindInfo> LegacyCounts = new(StringComparer.Ordinal)
    {
        ["pods"] = Kinds.Pod,
        ["services"] = Kinds.Service,
        ["configmaps"] = Kinds.ConfigMap,
        ["secrets"] = Kinds.Secret,
        ["persistentvolumeclaims"] = Kinds.PersistentVolumeClaim,
        ["resourcequotas"] = Kinds.ResourceQuota,
    };

    /// <summary><c>count/pods</c>, <c>count/deployments.apps</c>: upstream's object-count name of a kind.</summary>
    public static string CountName(KindInfo kind) =>
        kind.ApiVersion.Contains('/', StringComparison.Ordinal) ? $"count/{kind.Plural}.{kind.ApiVersion[..kind.ApiVersion.IndexOf('/', StringComparison.Ordinal)]}" : $"count/{kind.Plural}";

    /// <summary>The kind a quota's resource name is charged by; null for one nothing here charges (replicationcontrollers, extended resources).</summary>
    public static KindInfo? KindOf(string resource)
    {
        if (LegacyCounts.TryGetValue(resource, out var legacy))
        {
            return legacy;
        }

        if (resource.StartsWith("count/", StringComparison.Ordinal))
        {
            return Kinds.All.FirstOrDefault(k => k.Namespaced && CountName(k) == resource);
        }

        if (resource.StartsWith("services.", StringComparison.Ordinal))
        {
            return Kinds.Service;
        }

        if (resource == "requests.storage" || resource.EndsWith(".storageclass.storage.k8s.io/requests.storage", StringComparison.Ordinal) || resource.EndsWith(".storageclass.storage.k8s.io/persistentvolumeclaims", StringComparison.Ordinal))
        {
            return Kinds.PersistentVolumeClaim;
        }

        return ComputeResources.Any(r => resource == r || resource == "requests." + r || resource == "limits." + r) ? Kinds.Pod : null;
    }

    /// <summary>What <paramref name="obj"/> charges; nothing for a terminal pod (Succeeded or Failed), as upstream's QuotaV1Pod.</summary>
    public static Dictionary<string, Quantity> Of(KubeObject obj)
    {
        var kind = Kinds.Of(obj);
        var usage = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        if (obj is Pod pod && pod.Status?.Phase is PodPhase.Succeeded or PodPhase.Failed)
        {
            return usage;
        }

        usage[CountName(kind)] = Quantity.FromInteger(1);
        if (LegacyCounts.FirstOrDefault(c => c.Value == kind).Key is { } legacy)
        {
            usage[legacy] = Quantity.FromInteger(1);
        }

        switch (obj)
        {
            case Pod p:
                foreach (var resource in ComputeResources)
                {
                    if (Total(p.Spec, r => r.Requests, resource) is { } request)
                    {
                        usage[resource] = request;
                        usage["requests." + resource] = request;
                    }

                    if (Total(p.Spec, r => r.Limits, resource) is { } limit)
                    {
                        usage["limits." + resource] = limit;
                    }
                }

                break;
            case PersistentVolumeClaim claim:
                var storage = claim.Spec?.Resources?.Requests?.GetValueOrDefault("storage") ?? Quantity.Zero;
                usage["requests.storage"] = storage;
                if (claim.Spec?.StorageClassName is { Length: > 0 } className)
                {
                    usage[$"{className}.storageclass.storage.k8s.io/requests.storage"] = storage;
                    usage[$"{className}.storageclass.storage.k8s.io/persistentvolumeclaims"] = Quantity.FromInteger(1);
                }

                break;
            case Service service:
                if (service.Spec?.Type == ServiceType.LoadBalancer)
                {
                    usage["services.loadbalancers"] = Quantity.FromInteger(1);
                }

                if (service.Spec?.Type is ServiceType.LoadBalancer or ServiceType.NodePort)
                {
                    usage["services.nodeports"] = Quantity.FromInteger((service.Spec.Ports ?? []).Count);
                }

                break;
        }

        return usage;
    }

    /// <summary>The quota's used amounts: every hard resource, zero when nothing matching charges it.</summary>
    public static Dictionary<string, Quantity> Used(ResourceQuota quota, IEnumerable<KubeObject> objects)
    {
        var hard = quota.Spec?.Hard ?? [];
        var used = hard.Keys.ToDictionary(k => k, _ => Quantity.Zero, StringComparer.Ordinal);
        foreach (var obj in objects.Where(o => QuotaScopes.Matches(quota, o)))
        {
            foreach (var (resource, amount) in Of(obj))
            {
                if (used.TryGetValue(resource, out var sum))
                {
                    used[resource] = sum.Add(amount);
                }
            }
        }

        return used;
    }

    /// <summary>Upstream's PodRequests/PodLimits for one resource: the containers' sum, or an init container's when larger; null when none names it.</summary>
    private static Quantity? Total(PodSpec spec, Func<ResourceRequirements, Dictionary<string, Quantity>?> of, string resource)
    {
        Quantity? sum = null;
        foreach (var container in spec.Containers)
        {
            if (container.Resources is { } r && of(r)?.TryGetValue(resource, out var value) == true)
            {
                sum = (sum ?? Quantity.Zero).Add(value);
            }
        }

        foreach (var container in spec.InitContainers ?? [])
        {
            if (container.Resources is { } r && of(r)?.TryGetValue(resource, out var value) == true && (sum is null || value > sum.Value))
            {
                sum = value;
            }
        }

        return sum;
    }
}
