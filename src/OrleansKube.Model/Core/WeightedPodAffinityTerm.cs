namespace OrleansKube.Model.Core;

public sealed record WeightedPodAffinityTerm
{
    public int Weight { get; set; }

    public PodAffinityTerm PodAffinityTerm { get; set; } = new();
}
