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

    // Upstream's printPersistentVolume: the claim as namespace/name; REASON is the status's.
    public static readonly KindTable PersistentVolume = new(
        [
            Columns.Name,
            Columns.Text("Capacity", "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity"),
            Columns.Text("Access Modes", "accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes"),
            Columns.Text("Reclaim Policy", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming"),
            Columns.Text("Status", "phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase"),
            Columns.Text("Claim", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding"),
            Columns.Text("StorageClass", "storageClassName is the name of StorageClass to which this persistent volume belongs. Empty value means that this volume does not belong to any StorageClass."),
            Columns.Text("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
            Columns.Text("Reason", "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."),
            Columns.Age,
            Columns.Wide("VolumeMode", "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec."),
        ],
        static (o, now) =>
        {
            var volume = (Model.Core.PersistentVolume)o;
            var spec = volume.Spec;
            var claim = spec?.ClaimRef is { } claimRef ? $"{claimRef.Namespace}/{claimRef.Name}" : "";
            var phase = o.Metadata.DeletionTimestamp is not null ? "Terminating" : volume.Status?.Phase?.ToString() ?? "";
            return
            [
                o.Metadata.Name, spec?.Capacity?.GetValueOrDefault("storage") is { } storage ? storage.ToString() : "", AccessModes(spec?.AccessModes),
                spec?.PersistentVolumeReclaimPolicy?.ToString() ?? "", phase, claim,
                o.Metadata.Annotations?.GetValueOrDefault(StorageClassAnnotation) ?? spec?.StorageClassName ?? "",
                spec?.VolumeAttributesClassName ?? "<unset>", volume.Status?.Reason ?? "", CellText.AgeOf(o, now),
                spec?.VolumeMode?.ToString() ?? "<unset>",
            ];
        });

    // Upstream's printStorageClass: a default class's name carries " (default)".
    public static readonly KindTable StorageClass = new(
        [
            Columns.Name,
            Columns.Text("Provisioner", "provisioner indicates the type of the provisioner."),
            Columns.Text("ReclaimPolicy", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete."),
            Columns.Text("VolumeBindingMode", "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature."),
            Columns.Text("AllowVolumeExpansion", "allowVolumeExpansion shows whether the storage class allow volume expand."),
            Columns.Age,
        ],
        static (o, now) =>
        {
            var storageClass = (Model.Storage.StorageClass)o;
            var name = o.Metadata.Annotations?.GetValueOrDefault(Model.Storage.StorageClass.IsDefaultClassAnnotation) == "true" ? $"{o.Metadata.Name} (default)" : o.Metadata.Name;
            return
            [
                name, storageClass.Provisioner, (storageClass.ReclaimPolicy ?? PersistentVolumeReclaimPolicy.Delete).ToString(),
                (storageClass.VolumeBindingMode ?? Model.Storage.VolumeBindingMode.Immediate).ToString(), storageClass.AllowVolumeExpansion == true ? "true" : "false",
                CellText.AgeOf(o, now),
            ];
        });

    public static string AccessModes(IReadOnlyCollection<PersistentVolumeAccessMode>? modes) =>
        string.Join(",", AccessModeNames.Where(m => modes?.Contains(m.Mode) == true).Select(m => m.Short));
}
