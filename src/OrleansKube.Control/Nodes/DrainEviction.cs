using OrleansKube.Control.Store;

namespace OrleansKube.Control.Nodes;

/// <summary>
/// How <c>kubectl drain</c> evicts one pod (k8s.io/kubectl/pkg/drain): it says so before every try; a refusal with 429
/// TooManyRequests (a disruption budget that allows nothing now) is tried again after 5 s; a pod already gone is done;
/// anything else fails that pod. Its lines are kubectl's.
/// </summary>
public static class DrainEviction
{
    /// <summary>kubectl's fixed pause between tries.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    public static string Evicting(Pod pod) => $"evicting pod {pod.Metadata.Namespace}/{pod.Metadata.Name}";

    /// <summary>Whether a refusal is tried again after <see cref="RetryDelay"/>.</summary>
    public static bool Retries(ApiErrorReason reason) => reason == ApiErrorReason.TooManyRequests;

    /// <summary>The stderr line of a refusal that will be tried again.</summary>
    public static string WillRetry(Pod pod, string message) =>
        $"error when evicting pods/\"{pod.Metadata.Name}\" -n \"{pod.Metadata.Namespace}\" (will retry after {RetryDelay.TotalSeconds:0}s): {message}";

    /// <summary>The error of a refusal that ends the pod's eviction.</summary>
    public static string Failed(Pod pod, string message) =>
        $"error when evicting pods/\"{pod.Metadata.Name}\" -n \"{pod.Metadata.Namespace}\": {message}";
}
