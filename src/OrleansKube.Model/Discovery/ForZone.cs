namespace OrleansKube.Model.Discovery;

/// <summary>A zone an endpoint should serve.</summary>
public sealed record ForZone
{
    public string Name { get; set; } = "";
}
