namespace OrleansKube.Model.Core;

public sealed record EndpointAddress
{
    public string Ip { get; set; } = "";

    public string? Hostname { get; set; }

    public string? NodeName { get; set; }

    public ObjectReference? TargetRef { get; set; }
}
