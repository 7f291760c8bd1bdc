namespace OrleansKube.Control.Workloads;

/// <summary>The outcome of claiming: what the owner keeps, adopts and releases.</summary>
public sealed record Claim<T>(List<T> Claimed, List<T> Adopt, List<T> Release)
    where T : KubeObject;
