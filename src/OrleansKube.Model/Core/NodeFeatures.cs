namespace OrleansKube.Model.Core;

/// <summary>Features a node's kubelet supports (stored as written).</summary>
public sealed record NodeFeatures
{
    public bool? SupplementalGroupsPolicy { get; set; }
}
