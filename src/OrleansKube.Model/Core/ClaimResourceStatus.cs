namespace OrleansKube.Model.Core;

/// <summary>Where a claim's resize stands, per resource.</summary>
public enum ClaimResourceStatus
{
    ControllerResizeInProgress,
    ControllerResizeInfeasible,
    NodeResizePending,
    NodeResizeInProgress,
    NodeResizeInfeasible,
}
