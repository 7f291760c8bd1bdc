namespace OrleansKube.Control.Workloads.Disruption;

/// <summary>An event the disruption controller records about a budget (or one of its pods).</summary>
public sealed record DisruptionEvent(KubeObject Involved, string Type, string Reason, string Message);
