namespace OrleansKube.Model.Core;

/// <summary>Where a node's kubelet configuration comes from (deprecated upstream; stored as written).</summary>
public sealed record NodeConfigSource
{
    public ConfigMapNodeConfigSource? ConfigMap { get; set; }
}
