namespace OrleansKube.Control.Store;

/// <summary>
/// Upstream's ServiceAccount admission for a new pod: <c>serviceAccountName</c> (and its deprecated alias
/// <c>serviceAccount</c>) defaults to <c>default</c>, and a pod naming a ServiceAccount its namespace lacks is refused as
/// Forbidden. Mirror pods are left as they are. The API-access token volume upstream mounts is not added (the
/// simulation issues no tokens). Every namespace gets its <c>default</c> ServiceAccount when it is created.
/// </summary>
public static class ServiceAccountAdmission
{
    public const string DefaultName = "default";

    /// <summary>The ServiceAccount every namespace has.</summary>
    public static ServiceAccount Default(string ns) => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = new ObjectMeta { Name = DefaultName, Namespace = ns },
    };

    /// <summary>An update of an admitted pod keeps what admission set when the update leaves it out (re-applying a manifest changes nothing).</summary>
    public static void KeepAdmitted(Pod stored, Pod incoming)
    {
        if (string.IsNullOrEmpty(incoming.Spec.ServiceAccountName) && string.IsNullOrEmpty(incoming.Spec.ServiceAccount))
        {
            incoming.Spec.ServiceAccountName = stored.Spec.ServiceAccountName;
            incoming.Spec.ServiceAccount = stored.Spec.ServiceAccount;
        }
    }

    /// <summary>The ServiceAccount the pod runs as: its <c>serviceAccountName</c>, else the deprecated alias, else <c>default</c>.</summary>
    public static string NameOf(Pod pod) =>
        !string.IsNullOrEmpty(pod.Spec.ServiceAccountName) ? pod.Spec.ServiceAccountName
        : !string.IsNullOrEmpty(pod.Spec.ServiceAccount) ? pod.Spec.ServiceAccount
        : DefaultName;

    /// <summary>Defaults the pod's ServiceAccount and refuses it when <paramref name="exists"/> says its namespace has no such one.</summary>
    public static ApiError? Admit(Pod pod, Func<string, bool> exists)
    {
        if (pod.Metadata.Annotations?.ContainsKey("kubernetes.io/config.mirror") == true)
        {
            return null;
        }

        var name = NameOf(pod);
        pod.Spec.ServiceAccountName = name;
        pod.Spec.ServiceAccount = name;
        return exists(name)
            ? null
            : new ApiError(ApiErrorReason.Forbidden, $"pods \"{pod.Metadata.Name}\" is forbidden: error looking up service account {pod.Metadata.Namespace}/{name}: serviceaccount \"{name}\" not found");
    }
}
