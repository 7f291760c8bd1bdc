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
        RequiredAffinityTerms = [.. (affinity?.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => new AffinityTerm(t, ns))];
        RequiredAntiAffinityTerms = [.. (affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => new AffinityTerm(t, ns))];
        PreferredAffinityTerms = [.. (affinity?.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => new AffinityTerm(t.PodAffinityTerm, ns, t.Weight))];
        PreferredAntiAffinityTerms = [.. (affinity?.PodAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => new AffinityTerm(t.PodAffinityTerm, ns, t.Weight))];
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

    public List<AffinityTerm> RequiredAffinityTerms { get; }

    public List<AffinityTerm> RequiredAntiAffinityTerms { get; }

    public List<AffinityTerm> PreferredAffinityTerms { get; }

    public List<AffinityTerm> PreferredAntiAffinityTerms { get; }

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
    public bool HasScoringTerms => RequiredAffinityTerms.Count + PreferredAffinityTerms.Count + PreferredAntiAffinityTerms.Count > 0;

    public int Priority => Pod.Spec.Priority ?? 0;

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
