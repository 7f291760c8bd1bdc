namespace OrleansKube.Manifests.Validation;

/// <summary>Upstream's ValidatePersistentVolume (access modes, a storage capacity, exactly one source) and ValidateStorageClass (a provisioner, a reclaim policy of Delete or Retain).</summary>
public static class VolumeValidator
{
    public static void Validate(PersistentVolume volume, List<FieldError> errors)
    {
        var spec = volume.Spec;
        if (spec?.AccessModes is not { Count: > 0 })
        {
            errors.Add(FieldError.Required("spec.accessModes"));
        }

        if (spec?.Capacity is not { Count: > 0 } capacity)
        {
            errors.Add(FieldError.Required("spec.capacity"));
        }
        else if (!capacity.ContainsKey("storage") || capacity.Count > 1)
        {
            errors.Add(FieldError.NotSupported("spec.capacity", string.Join(", ", capacity.Keys.Where(k => k != "storage")), ["storage"]));
        }

        var sources = Sources(spec).Where(s => s.Source is not null).ToList();
        if (sources.Count == 0)
        {
            errors.Add(FieldError.Required("spec", "must specify a volume type"));
        }
        else if (sources.Count > 1)
        {
            errors.Add(FieldError.Forbidden($"spec.{sources[1].Name}", "may not specify more than 1 volume type"));
        }
    }

    /// <summary>Every volume source a PersistentVolume may name, in upstream's field order (one must be set, and only one).</summary>
    private static (string Name, object? Source)[] Sources(PersistentVolumeSpec? spec) =>
    [
        ("gcePersistentDisk", spec?.GcePersistentDisk), ("awsElasticBlockStore", spec?.AwsElasticBlockStore), ("hostPath", spec?.HostPath),
        ("glusterfs", spec?.Glusterfs), ("nfs", spec?.Nfs), ("rbd", spec?.Rbd), ("iscsi", spec?.Iscsi), ("cinder", spec?.Cinder),
        ("cephfs", spec?.Cephfs), ("fc", spec?.Fc), ("flocker", spec?.Flocker), ("flexVolume", spec?.FlexVolume), ("azureFile", spec?.AzureFile),
        ("vsphereVolume", spec?.VsphereVolume), ("quobyte", spec?.Quobyte), ("azureDisk", spec?.AzureDisk),
        ("photonPersistentDisk", spec?.PhotonPersistentDisk), ("portworxVolume", spec?.PortworxVolume), ("scaleIO", spec?.ScaleIO),
        ("local", spec?.Local), ("storageos", spec?.Storageos), ("csi", spec?.Csi),
    ];

    public static void Validate(StorageClass storageClass, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(storageClass.Provisioner))
        {
            errors.Add(FieldError.Required("provisioner"));
        }

        if (storageClass.ReclaimPolicy is PersistentVolumeReclaimPolicy.Recycle)
        {
            errors.Add(FieldError.NotSupported("reclaimPolicy", "Recycle", ["Delete", "Retain"]));
        }
    }
}
