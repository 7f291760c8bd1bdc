namespace OrleansKube.Control.Store;

/// <summary>
/// Upstream's choice of a default class (IngressClass, StorageClass admission): of the classes whose annotation marks
/// them default, the newest, then the first by name; a class of the same batch is not stored yet and counts as newest.
/// </summary>
public static class DefaultClasses
{
    public static T? Newest<T>(IEnumerable<T> classes, string annotation)
        where T : KubeObject =>
        classes.Where(c => IsMarked(c, annotation))
            .OrderByDescending(c => c.Metadata.CreationTimestamp ?? DateTimeOffset.MaxValue)
            .ThenBy(c => c.Metadata.Name, StringComparer.Ordinal)
            .FirstOrDefault();

    public static bool IsMarked(KubeObject obj, string annotation) =>
        obj.Metadata.Annotations?.GetValueOrDefault(annotation) == "true";
}
