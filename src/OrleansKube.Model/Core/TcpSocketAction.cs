namespace OrleansKube.Model.Core;

public sealed record TcpSocketAction
{
    public IntOrString Port { get; set; }

    public string? Host { get; set; }
}
