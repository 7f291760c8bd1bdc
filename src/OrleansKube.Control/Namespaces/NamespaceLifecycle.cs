using OrleansKube.Control.Store;

namespace OrleansKube.Control.Namespaces;

/// <summary>
/// The API server's rules for Namespaces (upstream's namespace strategy, its REST delete and the NamespaceLifecycle
/// admission plugin): a new namespace is Active and carries the <c>kubernetes</c> finalizer; the first delete marks it
/// Terminating; creates into it are refused from then on; it goes once its finalizers are gone.
/// </summary>
public static class NamespaceLifecycle
{
    /// <summary>The namespace controller's finalizer (<c>spec.finalizers</c>, not metadata's).</summary>
    public const string Finalizer = "kubernetes";

    /// <summary>What create stamps: phase Active, and the <c>kubernetes</c> finalizer after any the author listed.</summary>
    public static void PrepareCreate(Namespace ns)
    {
        ns.Status = new NamespaceStatus { Phase = NamespacePhase.Active };
        var finalizers = ns.Spec?.Finalizers ?? [];
        if (!finalizers.Contains(Finalizer))
        {
            ns.Spec = (ns.Spec ?? new NamespaceSpec()) with { Finalizers = [.. finalizers, Finalizer] };
        }
    }

    /// <summary>An update keeps the finalizers: only the finalize subresource (the namespace controller) removes them.</summary>
    public static void KeepFinalizers(Namespace current, Namespace updated) =>
        updated.Spec = (updated.Spec ?? new NamespaceSpec()) with { Finalizers = current.Spec?.Finalizers };

    public static bool IsTerminating(Namespace ns) => ns.Metadata.DeletionTimestamp is not null || ns.Status?.Phase == NamespacePhase.Terminating;

    /// <summary>The namespace may go: marked for deletion, no finalizer left in spec or metadata.</summary>
    public static bool IsFinalized(Namespace ns) =>
        ns.Metadata.DeletionTimestamp is not null && ns.Spec?.Finalizers is not { Count: > 0 } && ns.Metadata.Finalizers is not { Count: > 0 };

    /// <summary>
    /// A delete: the first one marks the namespace Terminating (the caller stores it); one while finalizers remain is a
    /// Conflict, as upstream; null means the namespace is finalized and can be removed now.
    /// </summary>
    public static (Namespace? Marked, ApiError? Error) Delete(Namespace current, DateTimeOffset now)
    {
        if (current.Metadata.DeletionTimestamp is null)
        {
            var marked = current with
            {
                Metadata = current.Metadata with { DeletionTimestamp = now, DeletionGracePeriodSeconds = 0 },
                Status = (current.Status ?? new NamespaceStatus()) with { Phase = NamespacePhase.Terminating },
            };
            return (ObjectLifecycle.Touch(marked), null);
        }

        return IsFinalized(current) ? (null, null) : (null, new ApiError(ApiErrorReason.Conflict,
            $"Operation cannot be fulfilled on namespaces \"{current.Metadata.Name}\": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system."));
    }

    /// <summary>The finalize subresource: the namespace without <paramref name="finalizer"/>; null when it was not there.</summary>
    public static Namespace? RemoveFinalizer(Namespace current, string finalizer)
    {
        if (current.Spec?.Finalizers?.Contains(finalizer) != true)
        {
            return null;
        }

        return ObjectLifecycle.Touch(current with { Spec = current.Spec with { Finalizers = [.. current.Spec.Finalizers.Where(f => f != finalizer)] } });
    }

    /// <summary>The NamespaceLifecycle admission plugin's refusal of a create into a terminating namespace.</summary>
    public static ApiError CreateRefused(KindInfo kind, string name, string ns) =>
        new(ApiErrorReason.Forbidden, $"{kind.QualifiedPlural} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated");
}
