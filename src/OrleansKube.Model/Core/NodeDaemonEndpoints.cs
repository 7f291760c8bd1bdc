namespace OrleansKube.Model.Core;

public sealed record NodeDaemonEndpoints
{
    public DaemonEndpoint? KubeletEndpoint { get; set; }
}
