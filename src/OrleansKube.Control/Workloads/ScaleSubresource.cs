using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads;

/// <summary>
/// The scale subresource of the kinds that have one (Deployment, ReplicaSet, ReplicationController, StatefulSet): what autoscaling/v1 Scale shows of
/// them and how a new replica count is written. The REST front's <c>/scale</c> and the HorizontalPodAutoscaler
/// controller share it; a new scalable kind is a case in each switch here.
/// </summary>
public static class ScaleSubresource
{
    /// <summary>spec.replicas, status.replicas and the selector of a scalable object; null for a kind without the subresource.</summary>
    public static ScaleView? Of(KubeObject obj) => obj switch
    {
        Deployment d => new ScaleView(d.Spec?.Replicas ?? 1, d.Status?.Replicas ?? 0, d.Spec?.Selector),
        ReplicaSet r => new ScaleView(r.Spec?.Replicas ?? 1, r.Status?.Replicas ?? 0, r.Spec?.Selector),
        ReplicationController c => new ScaleView(c.Spec?.Replicas ?? 1, c.Status?.Replicas ?? 0, c.Spec?.Selector is { } labels ? new LabelSelector { MatchLabels = labels } : null),
        StatefulSet s => new ScaleView(s.Spec?.Replicas ?? 1, s.Status?.Replicas ?? 0, s.Spec?.Selector),
        _ => null,
    };

    /// <summary>A copy of <paramref name="obj"/> with spec.replicas set (the object itself is not changed); null for a kind without the subresource.</summary>
    public static KubeObject? WithReplicas(KubeObject obj, int replicas) => obj switch
    {
        Deployment d => d with { Metadata = d.Metadata with { }, Spec = (d.Spec ?? new()) with { Replicas = replicas } },
        ReplicaSet r => r with { Metadata = r.Metadata with { }, Spec = (r.Spec ?? new()) with { Replicas = replicas } },
        ReplicationController c => c with { Metadata = c.Metadata with { }, Spec = (c.Spec ?? new()) with { Replicas = replicas } },
        StatefulSet s => s with { Metadata = s.Metadata with { }, Spec = (s.Spec ?? new()) with { Replicas = replicas } },
        _ => null,
    };

    /// <summary>The scalable kind a reference names (kind and, when given, apiVersion), or null.</summary>
    public static KindInfo? KindOf(string kind, string? apiVersion) =>
        Kinds.All.FirstOrDefault(k => k.Kind == kind && (string.IsNullOrEmpty(apiVersion) || k.ApiVersion == apiVersion) && k.Subresources.Any(s => s.Name == "scale"));
}
