namespace OrleansKube.Model.Networking;

public sealed record HttpIngressPath
{
    public string? Path { get; set; }

    /// <summary>Required in networking.k8s.io/v1 (no default).</summary>
    public PathType? PathType { get; set; }

    public IngressBackend? Backend { get; set; }
}
