namespace OrleansKube.Model.Core;

/// <summary>A ConfigMap holding a node's kubelet configuration (stored as written).</summary>
public sealed record ConfigMapNodeConfigSource
{
    public string Namespace { get; set; } = "";

    public string Name { get; set; } = "";

    public string? Uid { get; set; }

    public string? ResourceVersion { get; set; }

    public string KubeletConfigKey { get; set; } = "";
}
