namespace OrleansKube.Model.Core;

public sealed record KeySelector
{
    public string? Name { get; set; }

    public string Key { get; set; } = "";

    public bool? Optional { get; set; }
}
