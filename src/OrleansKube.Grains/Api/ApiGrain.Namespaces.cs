using OrleansKube.Grains.Objects;

namespace OrleansKube.Grains.Api;

/// <summary>Namespaces at the API front: their lookup for a batch, and their deletion (marking them Terminating).</summary>
public sealed partial class ApiGrain
{
    private static readonly HashSet<string> ProtectedNamespaces = ["default", "kube-system", "kube-public"];

    /// <summary>
    /// Upstream's namespace delete: the first marks it Terminating and returns it (its controller then empties it);
    /// one while it is terminating is a Conflict. Propagation does not apply: the namespace controller deletes the content.
    /// </summary>
    private Task<KubeObject> DeleteNamespaceAsync(string name) =>
        ProtectedNamespaces.Contains(name)
            ? throw new ApiException(ApiErrorReason.Forbidden, $"namespaces \"{name}\" is forbidden: this namespace may not be deleted")
            : ObjectGrains.Get(GrainFactory, ObjectKey.For(Kinds.Namespace, null, name)).DeleteAsync();

    /// <summary>A namespace as stored (null if it does not exist), read once per batch.</summary>
    private async Task<Namespace?> StoredNamespaceAsync(string name, Dictionary<string, Namespace?> read)
    {
        if (!read.TryGetValue(name, out var ns))
        {
            ns = await ObjectGrains.Get(GrainFactory, ObjectKey.For(Kinds.Namespace, null, name)).GetAsync() as Namespace;
            read[name] = ns;
        }

        return ns;
    }
}
