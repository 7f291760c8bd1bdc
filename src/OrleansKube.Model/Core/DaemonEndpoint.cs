namespace OrleansKube.Model.Core;

public sealed record DaemonEndpoint
{
    public int Port { get; set; }
}
