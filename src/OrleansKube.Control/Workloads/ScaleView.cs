namespace OrleansKube.Control.Workloads;

/// <summary>What a Scale shows of a workload: spec.replicas, status.replicas, and the selector of its pods.</summary>
public sealed record ScaleView(int SpecReplicas, int StatusReplicas, LabelSelector? Selector);
