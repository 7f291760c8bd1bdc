namespace OrleansKube.Model.Core;

/// <summary>The claim an ephemeral volume makes for its pod (stored and returned as written; no claim is made).</summary>
public sealed record PersistentVolumeClaimTemplate
{
    public ObjectMeta? Metadata { get; set; }

    public PersistentVolumeClaimSpec Spec { get; set; } = new();
}
