namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>
/// What PostFilter found: a node where preempting <see cref="PreemptionCandidate.Victims"/> makes room, or
/// why there is none — either a reason the pod may not preempt at all, or a per-node diagnosis.
/// </summary>
public sealed record PostFilterResult(PreemptionCandidate? Candidate, Diagnosis Diagnosis, string? Ineligible = null)
{
    /// <summary>Upstream's text after the fit error: <c>preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.</c></summary>
    public string? Message() =>
        Candidate is not null ? null
        : Ineligible is not null ? "preemption: " + Ineligible
        : "preemption: " + Diagnosis.Message();
}
