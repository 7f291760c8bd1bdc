namespace OrleansKube.Control.Namespaces;

/// <summary>
/// What one look at a terminating namespace's content decided: the status to write, what to delete (in order; the
/// controller deletes at most <see cref="NamespaceReconciler.MaxDeletesPerTurn"/> per turn), whether the content is
/// gone so the finalizer can go, and when to look again if nothing more can be done now.
/// </summary>
public sealed record NamespacePass(NamespaceStatus Status, IReadOnlyList<KubeObject> Delete, bool Finalize, DateTimeOffset? RecheckAt);
