namespace OrleansKube.Model.Core;

public sealed record PersistentVolumeClaimVolumeSource
{
    public string ClaimName { get; set; } = "";

    public bool? ReadOnly { get; set; }
}
