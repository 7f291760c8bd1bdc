using OrleansKube.Control.Store;

namespace OrleansKube.Control.Networking;

/// <summary>
/// Upstream's DefaultIngressClass admission plugin: an Ingress created without a class (neither
/// <c>spec.ingressClassName</c> nor the old <c>kubernetes.io/ingress.class</c> annotation) gets the class marked
/// <c>ingressclass.kubernetes.io/is-default-class: "true"</c>; with several marked, the newest (then the first by name),
/// as upstream since 1.28. Updates are left alone.
/// </summary>
public static class DefaultIngressClass
{
    private const string ClassAnnotation = "kubernetes.io/ingress.class";

    /// <summary>Sets the default class's name on a new Ingress that names none; <paramref name="classes"/> are the classes stored (and those of the same batch).</summary>
    public static void Admit(Ingress ingress, IEnumerable<IngressClass> classes)
    {
        if (ingress.Spec is not { } spec || spec.IngressClassName is not null || ingress.Metadata.Annotations?.ContainsKey(ClassAnnotation) == true)
        {
            return;
        }

        if (Find(classes) is { } chosen)
        {
            spec.IngressClassName = chosen.Metadata.Name;
        }
    }

    /// <summary>The default class, or null when no class is marked default.</summary>
    public static IngressClass? Find(IEnumerable<IngressClass> classes) => DefaultClasses.Newest(classes, IngressClass.IsDefaultClassAnnotation);

    public static bool IsDefault(IngressClass ingressClass) => DefaultClasses.IsMarked(ingressClass, IngressClass.IsDefaultClassAnnotation);
}
