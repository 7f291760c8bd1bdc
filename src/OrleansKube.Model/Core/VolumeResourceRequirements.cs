namespace OrleansKube.Model.Core;

/// <summary>A claim's resources (<c>storage</c>): upstream's VolumeResourceRequirements, a ResourceRequirements without claims.</summary>
public sealed record VolumeResourceRequirements
{
    public Dictionary<string, Quantity>? Limits { get; set; }

    public Dictionary<string, Quantity>? Requests { get; set; }
}
