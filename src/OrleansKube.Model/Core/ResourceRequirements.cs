namespace OrleansKube.Model.Core;

public sealed record ResourceRequirements
{
    public Dictionary<string, Quantity>? Limits { get; set; }

    public Dictionary<string, Quantity>? Requests { get; set; }
}
