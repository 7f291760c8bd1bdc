namespace OrleansKube.Model.Core;

public sealed record NodeAddress
{
    public string Type { get; set; } = "";

    public string Address { get; set; } = "";
}
