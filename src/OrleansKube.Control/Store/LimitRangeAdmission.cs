using System.Globalization;

namespace OrleansKube.Control.Store;

/// <summary>
/// Upstream's LimitRanger admission plugin for new pods and claims: a container without a request or limit gets its
/// namespace's Container defaults (noted in the <c>kubernetes.io/limit-ranger</c> annotation), then every
/// Container, Pod and PersistentVolumeClaim item's min, max and maxLimitRequestRatio is checked; the violations are
/// refused together as Forbidden, in upstream's words.
/// </summary>
public static class LimitRangeAdmission
{
    public const string Annotation = "kubernetes.io/limit-ranger";

    /// <summary>Defaults and checks a new pod or claim against the namespace's LimitRanges; null when admitted (other kinds always are).</summary>
    public static ApiError? Admit(KubeObject obj, IReadOnlyList<LimitRange> ranges)
    {
        if (ranges.Count == 0)
        {
            return null;
        }

        var problems = new List<string>();
        switch (obj)
        {
            case Pod pod:
                foreach (var range in ranges)
                {
                    ApplyDefaults(pod, range);
                }

                foreach (var item in ranges.SelectMany(r => r.Spec?.Limits ?? []))
                {
                    CheckPod(pod, item, problems);
                }

                break;
            case PersistentVolumeClaim claim:
                var requests = claim.Spec?.Resources?.Requests ?? [];
                foreach (var item in ranges.SelectMany(r => r.Spec?.Limits ?? []).Where(i => i.Type == LimitType.PersistentVolumeClaim))
                {
                    foreach (var (name, min) in Sorted(item.Min))
                    {
                        Add(problems, Min("PersistentVolumeClaim", name, min, requests, []));
                    }

                    foreach (var (name, max) in Sorted(item.Max))
                    {
                        Add(problems, MaxRequest("PersistentVolumeClaim", name, max, requests));
                    }
                }

                break;
        }

        if (problems.Count == 0)
        {
            return null;
        }

        // utilerrors.NewAggregate: one message as it is, several bracketed; duplicates once.
        var distinct = problems.Distinct(StringComparer.Ordinal).ToList();
        var message = distinct.Count == 1 ? distinct[0] : "[" + string.Join(", ", distinct) + "]";
        return new ApiError(ApiErrorReason.Forbidden, $"{Kinds.Of(obj).Plural} \"{obj.Metadata.Name}\" is forbidden: {message}");
    }

    /// <summary>The Container items' defaultRequest and default, set on every container lacking them.</summary>
    private static void ApplyDefaults(Pod pod, LimitRange range)
    {
        var requests = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        var limits = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var item in (range.Spec?.Limits ?? []).Where(i => i.Type == LimitType.Container))
        {
            foreach (var (name, value) in item.DefaultRequest ?? [])
            {
                requests[name] = value;
            }

            foreach (var (name, value) in item.Default ?? [])
            {
                limits[name] = value;
            }
        }

        if (requests.Count == 0 && limits.Count == 0)
        {
            return;
        }

        var notes = new List<string>();
        foreach (var container in pod.Spec.Containers)
        {
            Merge(container, requests, limits, "container", notes);
        }

        foreach (var container in pod.Spec.InitContainers ?? [])
        {
            Merge(container, requests, limits, "init container", notes);
        }

        if (notes.Count > 0)
        {
            pod.Metadata.Annotations ??= [];
            pod.Metadata.Annotations[Annotation] = "LimitRanger plugin set: " + string.Join("; ", notes);
        }
    }

    private static void Merge(Container container, Dictionary<string, Quantity> requests, Dictionary<string, Quantity> limits, string containerType, List<string> notes)
    {
        var resources = container.Resources ??= new ResourceRequirements();
        var setLimits = new List<string>();
        foreach (var (name, value) in limits)
        {
            if ((resources.Limits ??= []).TryAdd(name, value))
            {
                setLimits.Add(name);
            }
        }

        var setRequests = new List<string>();
        foreach (var (name, value) in requests)
        {
            if ((resources.Requests ??= []).TryAdd(name, value))
            {
                setRequests.Add(name);
            }
        }

        if (setRequests.Count > 0)
        {
            notes.Add($"{string.Join(", ", setRequests.Order(StringComparer.Ordinal))} request for {containerType} {container.Name}");
        }

        if (setLimits.Count > 0)
        {
            notes.Add($"{string.Join(", ", setLimits.Order(StringComparer.Ordinal))} limit for {containerType} {container.Name}");
        }
    }

    private static void CheckPod(Pod pod, LimitRangeItem item, List<string> problems)
    {
        if (item.Type == LimitType.Container)
        {
            foreach (var container in pod.Spec.Containers.Concat(pod.Spec.InitContainers ?? []))
            {
                Check("Container", item, container.Resources?.Requests ?? [], container.Resources?.Limits ?? [], problems);
            }
        }
        else if (item.Type == LimitType.Pod)
        {
            Check("Pod", item, PodTotal(pod, r => r.Requests), PodTotal(pod, r => r.Limits), problems);
        }
    }

    private static void Check(string type, LimitRangeItem item, Dictionary<string, Quantity> requests, Dictionary<string, Quantity> limits, List<string> problems)
    {
        foreach (var (name, min) in Sorted(item.Min))
        {
            Add(problems, Min(type, name, min, requests, limits));
        }

        foreach (var (name, max) in Sorted(item.Max))
        {
            Add(problems, Max(type, name, max, requests, limits));
        }

        foreach (var (name, ratio) in Sorted(item.MaxLimitRequestRatio))
        {
            Add(problems, Ratio(type, name, ratio, requests, limits));
        }
    }

    /// <summary>Upstream's podRequests/podLimits: the containers' sum, or an init container's when larger.</summary>
    private static Dictionary<string, Quantity> PodTotal(Pod pod, Func<ResourceRequirements, Dictionary<string, Quantity>?> of)
    {
        var total = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var container in pod.Spec.Containers)
        {
            foreach (var (name, value) in (container.Resources is { } r ? of(r) : null) ?? [])
            {
                total[name] = total.GetValueOrDefault(name).Add(value);
            }
        }

        foreach (var container in pod.Spec.InitContainers ?? [])
        {
            foreach (var (name, value) in (container.Resources is { } r ? of(r) : null) ?? [])
            {
                if (!total.TryGetValue(name, out var current) || value > current)
                {
                    total[name] = value;
                }
            }
        }

        return total;
    }

    private static string? Min(string type, string name, Quantity enforced, Dictionary<string, Quantity> requests, Dictionary<string, Quantity> limits)
    {
        if (!requests.TryGetValue(name, out var request))
        {
            return $"minimum {name} usage per {type} is {enforced}.  No request is specified";
        }

        if (request < enforced)
        {
            return $"minimum {name} usage per {type} is {enforced}, but request is {request}";
        }

        return limits.TryGetValue(name, out var limit) && limit < enforced ? $"minimum {name} usage per {type} is {enforced}, but limit is {limit}" : null;
    }

    private static string? Max(string type, string name, Quantity enforced, Dictionary<string, Quantity> requests, Dictionary<string, Quantity> limits)
    {
        if (!limits.TryGetValue(name, out var limit))
        {
            return $"maximum {name} usage per {type} is {enforced}.  No limit is specified";
        }

        if (limit > enforced)
        {
            return $"maximum {name} usage per {type} is {enforced}, but limit is {limit}";
        }

        return requests.TryGetValue(name, out var request) && request > enforced ? $"maximum {name} usage per {type} is {enforced}, but request is {request}" : null;
    }

    // A claim's max is held against its request (its limits are not user input upstream).
    private static string? MaxRequest(string type, string name, Quantity enforced, Dictionary<string, Quantity> requests)
    {
        if (!requests.TryGetValue(name, out var request))
        {
            return $"maximum {name} usage per {type} is {enforced}.  No request is specified";
        }

        return request > enforced ? $"maximum {name} usage per {type} is {enforced}, but request is {request}" : null;
    }

    private static string? Ratio(string type, string name, Quantity enforced, Dictionary<string, Quantity> requests, Dictionary<string, Quantity> limits)
    {
        if (!requests.TryGetValue(name, out var request) || request.IsZero)
        {
            return $"{name} max limit to request ratio per {type} is {enforced}, but no request is specified or request is 0";
        }

        if (!limits.TryGetValue(name, out var limit) || limit.IsZero)
        {
            return $"{name} max limit to request ratio per {type} is {enforced}, but no limit is specified or limit is 0";
        }

        var observed = limit.Amount / request.Amount;
        // Go's %f: six decimals.
        return observed > enforced.Amount ? $"{name} max limit to request ratio per {type} is {enforced}, but provided ratio is {observed.ToString("F6", CultureInfo.InvariantCulture)}" : null;
    }

    private static IEnumerable<KeyValuePair<string, Quantity>> Sorted(Dictionary<string, Quantity>? values) =>
        (values ?? []).OrderBy(v => v.Key, StringComparer.Ordinal);

    private static void Add(List<string> problems, string? problem)
    {
        if (problem is not null)
        {
            problems.Add(problem);
        }
    }
}
