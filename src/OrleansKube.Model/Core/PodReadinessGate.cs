namespace OrleansKube.Model.Core;

/// <summary>A pod condition that must be True, besides its containers being ready, for the pod to be Ready.</summary>
public sealed record PodReadinessGate
{
    public string ConditionType { get; set; } = "";
}
