namespace OrleansKube.Control.Workloads.Disruption;

/// <summary>The workload that decides how many of a pod's kind there should be (a Deployment over its ReplicaSet), by its uid, and that number.</summary>
public sealed record ControllerScale(string Uid, int Replicas);
