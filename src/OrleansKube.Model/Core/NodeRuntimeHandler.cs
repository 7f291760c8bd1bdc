namespace OrleansKube.Model.Core;

/// <summary>A container runtime handler a node offers, with its features (stored as written).</summary>
public sealed record NodeRuntimeHandler
{
    public string Name { get; set; } = "";

    public NodeRuntimeHandlerFeatures? Features { get; set; }
}
