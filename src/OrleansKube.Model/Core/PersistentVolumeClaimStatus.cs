namespace OrleansKube.Model.Core;

public sealed record PersistentVolumeClaimStatus
{
    public PersistentVolumeClaimPhase? Phase { get; set; }

    public List<PersistentVolumeAccessMode>? AccessModes { get; set; }

    public Dictionary<string, Quantity>? Capacity { get; set; }

    public List<PersistentVolumeClaimCondition>? Conditions { get; set; }

    public Dictionary<string, Quantity>? AllocatedResources { get; set; }

    public Dictionary<string, ClaimResourceStatus>? AllocatedResourceStatuses { get; set; }

    public string? CurrentVolumeAttributesClassName { get; set; }

    public ModifyVolumeStatus? ModifyVolumeStatus { get; set; }
}
