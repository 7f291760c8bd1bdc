namespace OrleansKube.Model.Core;

public sealed record GrpcAction
{
    public int Port { get; set; }

    public string? Service { get; set; }
}
