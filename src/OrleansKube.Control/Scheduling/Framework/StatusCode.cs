namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>Upstream's framework status codes.</summary>
public enum StatusCode
{
    Success,
    Error,

    /// <summary>The node cannot take the pod now; preemption might change that.</summary>
    Unschedulable,

    /// <summary>The node cannot take the pod, and evicting pods would not help.</summary>
    UnschedulableAndUnresolvable,

    /// <summary>The plugin has nothing to do for this pod (its PreFilter or PreScore said so).</summary>
    Skip,
}
