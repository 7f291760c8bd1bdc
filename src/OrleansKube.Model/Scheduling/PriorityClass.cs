namespace OrleansKube.Model.Scheduling;

public sealed record PriorityClass : KubeObject
{
    public int Value { get; set; }

    public bool? GlobalDefault { get; set; }

    public string? Description { get; set; }

    public PreemptionPolicy? PreemptionPolicy { get; set; }
}
