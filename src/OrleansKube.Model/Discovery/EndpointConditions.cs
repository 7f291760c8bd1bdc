namespace OrleansKube.Model.Discovery;

public sealed record EndpointConditions
{
    public bool? Ready { get; set; }

    public bool? Serving { get; set; }

    public bool? Terminating { get; set; }
}
