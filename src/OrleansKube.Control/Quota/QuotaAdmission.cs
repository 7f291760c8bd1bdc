using OrleansKube.Control.Store;

namespace OrleansKube.Control.Quota;

/// <summary>
/// Upstream's ResourceQuota admission for a new object, in its words: a quota limiting cpu or memory refuses a pod
/// whose containers do not all state them (<c>failed quota: …: must specify …</c>), and a create that would take a
/// quota past its hard amounts is refused (<c>exceeded quota: …, requested: …, used: …, limited: …</c>). An update of
/// the kinds whose evaluators handle updates (PersistentVolumeClaims, Services) is charged its growth only: what the new
/// version charges beyond the old, resource by resource, as upstream's delta.
/// </summary>
public static class QuotaAdmission
{
    // The resources a pod's every container must state when a quota limits them (upstream's validationSet).
    private static readonly string[] MustSpecify = ["cpu", "limits.cpu", "limits.memory", "memory", "requests.cpu", "requests.memory"];

    /// <summary>Whether objects of the kind are looked at: events, leases and endpoints are written too often to pay for it.</summary>
    public static bool Concerns(KindInfo kind) => kind.Namespaced && kind != Kinds.Event && kind != Kinds.Lease && kind != Kinds.Endpoints;

    /// <summary>The quotas the object would charge: its scopes match and it uses something they limit.</summary>
    public static List<ResourceQuota> Charged(KubeObject obj, IEnumerable<ResourceQuota> quotas) => Charged(obj, QuotaUsage.Of(obj), quotas);

    /// <summary>The quotas an update charges <paramref name="delta"/> (<see cref="UpdateDelta"/>) to.</summary>
    public static List<ResourceQuota> Charged(KubeObject obj, Dictionary<string, Quantity> delta, IEnumerable<ResourceQuota> quotas) =>
        [.. quotas.Where(q => QuotaScopes.Matches(q, obj) && (q.Spec?.Hard ?? []).Keys.Any(k => delta.TryGetValue(k, out var u) && !u.IsZero))];

    /// <summary>Whether updates of the kind are charged (upstream's PVC and Service evaluators handle updates; pods, counts and the rest only creates).</summary>
    public static bool ChargesUpdates(KindInfo kind) => kind == Kinds.PersistentVolumeClaim || kind == Kinds.Service;

    /// <summary>
    /// What an update charges: upstream's SubtractWithNonNegativeResult of the new version's usage and the old one's, the
    /// resources that grew and by how much (a claim's storage increase, a Service's node ports when it becomes NodePort).
    /// </summary>
    public static Dictionary<string, Quantity> UpdateDelta(KubeObject previous, KubeObject updated)
    {
        var before = QuotaUsage.Of(previous);
        var delta = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var (resource, amount) in QuotaUsage.Of(updated))
        {
            var grown = amount.Subtract(before.GetValueOrDefault(resource));
            if (grown > Quantity.Zero)
            {
                delta[resource] = grown;
            }
        }

        return delta;
    }

    /// <summary>The first charged quota (by name) a pod's containers do not state every limited cpu/memory resource for.</summary>
    public static ApiError? Constraints(KubeObject obj, IEnumerable<ResourceQuota> charged)
    {
        if (obj is not Pod pod)
        {
            return null;
        }

        foreach (var quota in charged.OrderBy(q => q.Metadata.Name, StringComparer.Ordinal))
        {
            var required = MustSpecify.Where(r => quota.Spec?.Hard?.ContainsKey(r) == true).ToList();
            var missing = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
            foreach (var container in pod.Spec.Containers.Concat(pod.Spec.InitContainers ?? []))
            {
                var stated = Stated(container.Resources);
                foreach (var resource in required.Where(r => !stated.Contains(r)))
                {
                    if (!missing.TryGetValue(resource, out var names))
                    {
                        missing[resource] = names = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    names.Add(container.Name);
                }
            }

            if (missing.Count > 0)
            {
                var what = string.Join("; ", missing.Select(m => $"{m.Key} for: {string.Join(",", m.Value)}"));
                return Forbidden(obj, $"failed quota: {quota.Metadata.Name}: must specify {what}");
            }
        }

        return null;
    }

    /// <summary>The first quota (by name) the object's usage would take past its hard amounts; <paramref name="used"/> holds each quota's usage without it.</summary>
    public static ApiError? Exceeded(KubeObject obj, IEnumerable<(ResourceQuota Quota, Dictionary<string, Quantity> Used)> used) =>
        Exceeded(obj, QuotaUsage.Of(obj), used);

    /// <summary>As <see cref="Exceeded(KubeObject, IEnumerable{ValueTuple{ResourceQuota, Dictionary{string, Quantity}}})"/> for a request of <paramref name="usage"/> (an update's delta).</summary>
    public static ApiError? Exceeded(KubeObject obj, Dictionary<string, Quantity> usage, IEnumerable<(ResourceQuota Quota, Dictionary<string, Quantity> Used)> used)
    {
        foreach (var (quota, current) in used.OrderBy(u => u.Quota.Metadata.Name, StringComparer.Ordinal))
        {
            var hard = quota.Spec?.Hard ?? [];
            var exceeded = hard
                .Where(h => usage.TryGetValue(h.Key, out var requested) && !requested.IsZero && current.GetValueOrDefault(h.Key).Add(requested) > h.Value)
                .Select(h => h.Key)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (exceeded.Count > 0)
            {
                return Forbidden(obj, $"exceeded quota: {quota.Metadata.Name}, requested: {Print(exceeded, usage)}, used: {Print(exceeded, current)}, limited: {Print(exceeded, hard)}");
            }
        }

        return null;
    }

    // upstream's prettyPrint: name=value, sorted, comma-separated.
    private static string Print(List<string> names, Dictionary<string, Quantity> values) =>
        string.Join(",", names.Select(n => $"{n}={values.GetValueOrDefault(n)}"));

    // upstream's podComputeUsageHelper over one container: a request states cpu and requests.cpu, a limit limits.cpu.
    private static HashSet<string> Stated(ResourceRequirements? resources)
    {
        var stated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in resources?.Requests?.Keys ?? Enumerable.Empty<string>())
        {
            stated.Add(name);
            stated.Add("requests." + name);
        }

        foreach (var name in resources?.Limits?.Keys ?? Enumerable.Empty<string>())
        {
            stated.Add("limits." + name);
        }

        return stated;
    }

    private static ApiError Forbidden(KubeObject obj, string reason) =>
        new(ApiErrorReason.Forbidden, $"{Kinds.Of(obj).Plural} \"{obj.Metadata.Name}\" is forbidden: {reason}");
}
