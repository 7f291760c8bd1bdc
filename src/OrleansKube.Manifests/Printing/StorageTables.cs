namespace OrleansKube.Manifests.Printing;

/// <summary>The tables of the storage kinds, as upstream prints them (v1.32).</summary>
internal static class StorageTables
{
    private const string StorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";

    // Upstream's GetAccessModesAsString: abbreviations in this order, whatever the list's.
    private static readonly (PersistentVolumeAccessMode Mode, string Short)[] AccessModeNames =
    [
        (PersistentVolumeAccessMode.ReadWriteOnce, "RWO"),
        (PersistentVolumeAccessMode.ReadOnlyMany, "ROX"),
        (PersistentVolumeAccessMode.ReadWriteMany, "RWX"),
        (PersistentVolumeAccessMode.ReadWriteOncePod, "RWOP"),
    ];

    // Until a claim is bound (it names its volume) capacity and access modes are blank: they are the volume's.
    public static readonly KindTable PersistentVolumeClaim = new(
        [
            Columns.Name,
            Columns.Text("Status", "phase represents the current phase of PersistentVolumeClaim."),
            Columns.Text("Volume", "volumeName is the binding reference to the PersistentVolume backing this claim."),
            Columns.Text("Capacity", "Requests describes the minimum amount of compute resources required. If Requests is omitted for a container, it defaults to Limits if that is explicitly specified, otherwise to an implementation-defined value. Requests cannot exceed Limits. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"),
            Columns.Text("Access Modes", "accessModes contains the desired access modes the volume should have. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1"),
            Columns.Text("StorageClass", "StorageClass of the pvc"),
            Columns.Text("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
            Columns.Age,
            Columns.Wide("VolumeMode", "volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec."),
        ],
        static (o, now) =>
        {
            var claim = (Model.Core.PersistentVolumeClaim)o;
            var phase = o.Metadata.DeletionTimestamp is not null ? "Terminating" : claim.Status?.Phase?.ToString() ?? "";
            var bound = !string.IsNullOrEmpty(claim.Spec?.VolumeName);
            var capacity = bound && claim.Status?.Capacity?.GetValueOrDefault("storage") is { } storage ? storage.ToString() : "";
            var accessModes = bound ? AccessModes(claim.Status?.AccessModes) : "";
            var storageClass = o.Metadata.Annotations?.GetValueOrDefault(StorageClassAnnotation) ?? claim.Spec?.StorageClassName ?? "";
            var attributesClass = claim.Status?.CurrentVolumeAttributesClassName ?? claim.Spec?.VolumeAttributesClassName ?? "<unset>";
            return
            [
                o.Metadata.Name, phase, claim.Spec?.VolumeName ?? "", capacity, accessModes, storageClass, attributesClass, CellText.AgeOf(o, now),
                claim.Spec?.VolumeMode?.ToString() ?? "<unset>",
            ];
        });

    public static string AccessModes(IReadOnlyCollection<PersistentVolumeAccessMode>? modes) =>
        string.Join(",", AccessModeNames.Where(m => modes?.Contains(m.Mode) == true).Select(m => m.Short));
}
