namespace OrleansKube.Control.Kubelet;

/// <summary>The options of a pod's log subresource (upstream's <c>PodLogOptions</c>, follow aside).</summary>
public sealed record PodLogRequest(string? Container = null, long? TailLines = null, bool Previous = false, bool Timestamps = false, long? SinceSeconds = null, long? LimitBytes = null);
