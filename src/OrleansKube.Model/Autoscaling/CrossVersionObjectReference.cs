namespace OrleansKube.Model.Autoscaling;

public sealed record CrossVersionObjectReference
{
    public string Kind { get; set; } = "";

    public string Name { get; set; } = "";

    public string? ApiVersion { get; set; }
}
