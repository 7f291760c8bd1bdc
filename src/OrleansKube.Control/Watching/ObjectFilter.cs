using OrleansKube.Model.Selection;

namespace OrleansKube.Control.Watching;

/// <summary>What a list or watch selects: a namespace (null: all), a label and a field selector.</summary>
public sealed record ObjectFilter(string? Namespace, Selector Labels, FieldSelector Fields)
{
    public static ObjectFilter Everything { get; } = new(null, Selector.Everything, FieldSelector.Everything);

    public bool HasSelectors => !Labels.IsEverything || Fields.Terms.Count > 0;

    public bool Matches(KubeObject obj) =>
        (Namespace is null || (obj.Metadata.Namespace ?? "") == Namespace) && Labels.Matches(obj.Metadata.Labels) && Fields.Matches(obj);

    /// <summary>
    /// What a watcher with this filter sees of a change, as upstream's cache watcher decides: an object entering the
    /// filter is ADDED, one leaving it is DELETED (its previous state stamped with the change's resourceVersion),
    /// one staying MODIFIED; null when the watcher sees nothing.
    /// </summary>
    public (ChangeType Type, KubeObject Object)? View(long resourceVersion, ChangeType type, KubeObject obj, KubeObject? previous)
    {
        switch (type)
        {
            case ChangeType.Added:
                return Matches(obj) ? (ChangeType.Added, obj) : null;
            case ChangeType.Deleted:
                return Matches(obj) ? (ChangeType.Deleted, obj) : null;
        }

        var now = Matches(obj);
        var before = previous is not null && Matches(previous);
        return (now, before) switch
        {
            (true, true) => (ChangeType.Modified, obj),
            (true, false) => (ChangeType.Added, obj),
            (false, true) => (ChangeType.Deleted, ResourceVersions.Stamp(previous!, resourceVersion)),
            _ => null,
        };
    }
}
