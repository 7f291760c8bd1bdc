namespace OrleansKube.Model.Core;

public sealed record ObjectFieldSelector
{
    public string? ApiVersion { get; set; }

    public string FieldPath { get; set; } = "";
}
