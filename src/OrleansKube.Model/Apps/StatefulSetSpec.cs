namespace OrleansKube.Model.Apps;

public sealed record StatefulSetSpec
{
    public int? Replicas { get; set; }

    public LabelSelector? Selector { get; set; }

    public PodTemplateSpec? Template { get; set; }

    /// <summary>Claims every pod gets one of, named <c>&lt;template&gt;-&lt;set&gt;-&lt;ordinal&gt;</c>.</summary>
    public List<PersistentVolumeClaim>? VolumeClaimTemplates { get; set; }

    public string? ServiceName { get; set; }

    public PodManagementPolicyType? PodManagementPolicy { get; set; }

    public StatefulSetUpdateStrategy? UpdateStrategy { get; set; }

    public int? RevisionHistoryLimit { get; set; }

    public int? MinReadySeconds { get; set; }

    public StatefulSetPersistentVolumeClaimRetentionPolicy? PersistentVolumeClaimRetentionPolicy { get; set; }

    public StatefulSetOrdinals? Ordinals { get; set; }
}
