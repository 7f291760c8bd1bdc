namespace OrleansKube.Model.Core;

/// <summary>What a runtime handler supports (stored as written).</summary>
public sealed record NodeRuntimeHandlerFeatures
{
    public bool? RecursiveReadOnlyMounts { get; set; }

    public bool? UserNamespaces { get; set; }
}
