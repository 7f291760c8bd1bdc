using OrleansKube.Model.Serialization;

namespace OrleansKube.Control.Workloads;

/// <summary>Pods made from a controller's template: its labels, annotations and spec, named after the owner, controlled by it.</summary>
public static class PodTemplates
{
    public static Pod NewPod(PodTemplateSpec template, KubeObject owner, string? name = null)
    {
        var spec = ModelCopy.Deep(template.Spec ?? new PodSpec());
        return new Pod
        {
            ApiVersion = Kinds.Pod.ApiVersion,
            Kind = Kinds.Pod.Kind,
            Metadata = new ObjectMeta
            {
                Name = name,
                GenerateName = name is null ? owner.Metadata.Name + "-" : null,
                Namespace = owner.Metadata.Namespace,
                Labels = template.Metadata?.Labels is { } labels ? new(labels, StringComparer.Ordinal) : null,
                Annotations = template.Metadata?.Annotations is { } annotations ? new(annotations, StringComparer.Ordinal) : null,
                OwnerReferences = [ControllerRefs.For(owner)],
            },
            Spec = spec,
        };
    }
}
