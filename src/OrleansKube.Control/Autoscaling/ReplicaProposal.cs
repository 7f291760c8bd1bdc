namespace OrleansKube.Control.Autoscaling;

/// <summary>
/// What one metric proposes: a replica count with the reading behind it (utilization in percent of the request, when
/// the target is one; the average use in milli-units), or why no count could be computed.
/// </summary>
public sealed record ReplicaProposal(int Replicas, int? Utilization, long RawAverage, string? Error = null)
{
    public static ReplicaProposal Failed(string error) => new(0, null, 0, error);
}
