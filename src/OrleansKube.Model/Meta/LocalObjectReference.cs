namespace OrleansKube.Model.Meta;

public sealed record LocalObjectReference
{
    public string? Name { get; set; }
}
