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

    public bool HasAffinity => RequiredAffinityTerms.Count + RequiredAntiAffinityTerms.Count + PreferredAffinityTerms.Count + PreferredAntiAffinityTerms.Count > 0;

    public int Priority => Pod.Spec.Priority ?? 0;
}
