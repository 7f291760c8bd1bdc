namespace OrleansKube.Control.Scheduling.Plugins.NodeResourcesFit;

public enum ScoringStrategyType
{
    LeastAllocated,
    MostAllocated,
    RequestedToCapacityRatio,
}
