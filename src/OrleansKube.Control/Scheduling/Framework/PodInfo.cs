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
        var nonZero = Resource.ForPod(pod.Spec, nonZero: true);

        // Most pods ask for cpu and memory in every container: then both are the same, kept once.
        NonZeroRequests = nonZero.SameAs(Requests) ? Requests : nonZero;
        HostPorts = HostPort.Of(pod.Spec);
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

    public Pod Pod { get; private set; }

    /// <summary>How scheduler caches, queues and kubelets name a pod: <c>namespace/name</c>.</summary>
    public static string KeyOf(string? ns, string? name) => $"{ns}/{name}";

    /// <summary><c>namespace/name</c>.</summary>
    public string Key { get; }

    public Resource Requests { get; }

    /// <summary>Requests with upstream's scoring defaults for containers that ask for no cpu or memory.</summary>
    public Resource NonZeroRequests { get; }

    /// <summary>The host ports its containers bind (most pods: none, the shared empty array).</summary>
    public HostPort[] HostPorts { get; }

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

    /// <summary>
    /// Holds <paramref name="stored"/>, this pod as stored once bound, in place of the version it was made from, when what
    /// was computed of it and what a node counts of it are the same objects (spec's containers and affinity, labels, owners,
    /// no deletion): the kubelet runs that instance, so the scheduler keeps no copy of its own. False when anything differs
    /// (the pod changed meanwhile, or came from another silo as a copy): the version held stays.
    /// </summary>
    public bool Adopt(Pod stored)
    {
        var held = Pod;
        if (!ReferenceEquals(stored.Metadata.Labels, held.Metadata.Labels) || !ReferenceEquals(stored.Metadata.OwnerReferences, held.Metadata.OwnerReferences)
            || stored.Metadata.DeletionTimestamp is not null || held.Metadata.DeletionTimestamp is not null
            || !ReferenceEquals(stored.Spec.Containers, held.Spec.Containers) || !ReferenceEquals(stored.Spec.InitContainers, held.Spec.InitContainers)
            || !ReferenceEquals(stored.Spec.Affinity, held.Spec.Affinity) || KeyOf(stored.Metadata.Namespace, stored.Metadata.Name) != Key)
        {
            return false;
        }

        Pod = stored;
        return true;
    }

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
