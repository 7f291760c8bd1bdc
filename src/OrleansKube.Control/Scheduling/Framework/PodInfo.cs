using OrleansKube.Model.Selection;

namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>A pod with what scheduling reads of it computed once: its requests and its affinity terms.</summary>
public sealed class PodInfo
{
    public PodInfo(Pod pod)
    {
        Pod = pod;
        Key = KeyOf(pod.Metadata.Namespace, pod.Metadata.Name);
        Requests = Resource.ForPod(pod.Spec);
        NonZeroRequests = Resource.ForPod(pod.Spec, nonZero: true);
        var ns = pod.Metadata.Namespace ?? "";
        var affinity = pod.Spec.Affinity;
        RequiredAffinityTerms = Terms(affinity?.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution, ns);
        RequiredAntiAffinityTerms = Terms(affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution, ns);
        PreferredAffinityTerms = Terms(affinity?.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution, ns);
        PreferredAntiAffinityTerms = Terms(affinity?.PodAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution, ns);
    }

    private bool _nodeAffinityCompiled;
    private NodeSelectorMatcher? _requiredNodeAffinity;
    private (NodeSelectorMatcher Term, int Weight)[] _preferredNodeAffinity = [];

    public Pod Pod { get; }

    /// <summary>How scheduler caches, queues and kubelets name a pod: <c>namespace/name</c>.</summary>
    public static string KeyOf(string? ns, string? name) => $"{ns}/{name}";

    /// <summary><c>namespace/name</c>.</summary>
    public string Key { get; }

    public Resource Requests { get; }

    /// <summary>Requests with upstream's scoring defaults for containers that ask for no cpu or memory.</summary>
    public Resource NonZeroRequests { get; }

    public AffinityTerm[] RequiredAffinityTerms { get; }

    public AffinityTerm[] RequiredAntiAffinityTerms { get; }

    public AffinityTerm[] PreferredAffinityTerms { get; }

    public AffinityTerm[] PreferredAntiAffinityTerms { get; }

    /// <summary>The required node affinity, compiled on first use (null: none).</summary>
    public NodeSelectorMatcher? RequiredNodeAffinity
    {
        get
        {
            CompileNodeAffinity();
            return _requiredNodeAffinity;
        }
    }

    /// <summary>The preferred node affinity terms with a non-zero weight, compiled on first use.</summary>
    public IReadOnlyList<(NodeSelectorMatcher Term, int Weight)> PreferredNodeAffinity
    {
        get
        {
            CompileNodeAffinity();
            return _preferredNodeAffinity;
        }
    }

    /// <summary>Terms that score other pods' nodes (upstream's PreScore reads required affinity, with hardPodAffinityWeight, and preferred terms; not required anti-affinity).</summary>
    public bool HasScoringTerms => RequiredAffinityTerms.Length + PreferredAffinityTerms.Length + PreferredAntiAffinityTerms.Length > 0;

    public int Priority => Pod.Spec.Priority ?? 0;

    // Loops, not LINQ: a PodInfo is made for every pod scheduled and every pod a cache learns of, and most have no terms (the empty array is shared).
    private static AffinityTerm[] Terms(List<PodAffinityTerm>? terms, string ns)
    {
        if (terms is not { Count: > 0 })
        {
            return [];
        }

        var parsed = new AffinityTerm[terms.Count];
        for (var i = 0; i < parsed.Length; i++)
        {
            parsed[i] = new AffinityTerm(terms[i], ns);
        }

        return parsed;
    }

    private static AffinityTerm[] Terms(List<WeightedPodAffinityTerm>? terms, string ns)
    {
        if (terms is not { Count: > 0 })
        {
            return [];
        }

        var parsed = new AffinityTerm[terms.Count];
        for (var i = 0; i < parsed.Length; i++)
        {
            parsed[i] = new AffinityTerm(terms[i].PodAffinityTerm, ns, terms[i].Weight);
        }

        return parsed;
    }

    // Pods already placed are cached too and never need this: it is compiled for the pods being scheduled.
    private void CompileNodeAffinity()
    {
        if (_nodeAffinityCompiled)
        {
            return;
        }

        var nodeAffinity = Pod.Spec.Affinity?.NodeAffinity;
        _requiredNodeAffinity = nodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution is { } required ? NodeSelectorMatcher.For(required) : null;
        _preferredNodeAffinity = [.. (nodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? []).Where(t => t.Weight != 0).Select(t => (NodeSelectorMatcher.For(t.Preference), t.Weight))];
        _nodeAffinityCompiled = true;
    }
}
