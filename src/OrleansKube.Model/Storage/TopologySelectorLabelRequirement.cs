namespace OrleansKube.Model.Storage;

public sealed record TopologySelectorLabelRequirement
{
    public string Key { get; set; } = "";

    public List<string> Values { get; set; } = [];
}
