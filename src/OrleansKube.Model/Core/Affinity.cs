namespace OrleansKube.Model.Core;

public sealed record Affinity
{
    public NodeAffinity? NodeAffinity { get; set; }

    public PodAffinity? PodAffinity { get; set; }

    public PodAntiAffinity? PodAntiAffinity { get; set; }
}
