namespace OrleansKube.Control.Scheduling.Admission;

/// <summary>What becomes of a placement after the topology ledger's verdict.</summary>
public enum AdmissionStep
{
    /// <summary>Admitted: bind the pod to the admitted node.</summary>
    Bind,

    /// <summary>Refused for a rule the shard did not know of: queued again at once, offering every candidate.</summary>
    Retry,

    /// <summary>Refused on every candidate: the pod failed in this shard.</summary>
    Fail,
}
