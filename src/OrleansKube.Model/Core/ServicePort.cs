namespace OrleansKube.Model.Core;

public sealed record ServicePort
{
    public string? Name { get; set; }

    public Protocol? Protocol { get; set; }

    public string? AppProtocol { get; set; }

    public int Port { get; set; }

    public IntOrString? TargetPort { get; set; }

    public int? NodePort { get; set; }
}
