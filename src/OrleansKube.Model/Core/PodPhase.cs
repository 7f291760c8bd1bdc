namespace OrleansKube.Model.Core;

public enum PodPhase
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Unknown,
}
