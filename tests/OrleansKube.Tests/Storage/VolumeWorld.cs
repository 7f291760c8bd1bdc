using OrleansKube.Model.Storage;

namespace OrleansKube.Tests.Storage;

/// <summary>Claims, volumes and classes for the volume tests, in a line each.</summary>
internal static class VolumeWorld
{
    public static PersistentVolumeClaim Claim(string name = "data", string request = "1Gi", string? storageClass = "", PersistentVolumeAccessMode[]? modes = null,
        PersistentVolumeMode? mode = null, LabelSelector? selector = null, string? selectedNode = null, string? volumeName = null) => new()
    {
        ApiVersion = "v1",
        Kind = "PersistentVolumeClaim",
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = "default",
            Uid = "uid-" + name,
            ResourceVersion = "1",
            Annotations = selectedNode is null ? null : new Dictionary<string, string> { ["volume.kubernetes.io/selected-node"] = selectedNode },
        },
        Spec = new PersistentVolumeClaimSpec
        {
            AccessModes = [.. modes ?? [PersistentVolumeAccessMode.ReadWriteOnce]],
            Resources = new VolumeResourceRequirements { Requests = new Dictionary<string, Quantity> { ["storage"] = Quantity.Parse(request) } },
            StorageClassName = storageClass,
            VolumeMode = mode,
            Selector = selector,
            VolumeName = volumeName,
        },
        Status = new PersistentVolumeClaimStatus { Phase = PersistentVolumeClaimPhase.Pending },
    };

    public static PersistentVolume Volume(string name, string capacity = "1Gi", string? storageClass = "", PersistentVolumeAccessMode[]? modes = null,
        PersistentVolumeMode? mode = null, Dictionary<string, string>? labels = null, PersistentVolumeReclaimPolicy policy = PersistentVolumeReclaimPolicy.Retain,
        ObjectReference? claimRef = null, PersistentVolumePhase phase = PersistentVolumePhase.Available, string? zone = null) => new()
    {
        ApiVersion = "v1",
        Kind = "PersistentVolume",
        Metadata = new ObjectMeta { Name = name, Labels = labels, ResourceVersion = "1", Uid = "uid-" + name },
        Spec = new PersistentVolumeSpec
        {
            Capacity = new Dictionary<string, Quantity> { ["storage"] = Quantity.Parse(capacity) },
            AccessModes = [.. modes ?? [PersistentVolumeAccessMode.ReadWriteOnce]],
            StorageClassName = storageClass,
            VolumeMode = mode ?? PersistentVolumeMode.Filesystem,
            PersistentVolumeReclaimPolicy = policy,
            ClaimRef = claimRef,
            HostPath = new HostPathVolumeSource { Path = "/data/" + name },
            NodeAffinity = zone is null ? null : ZoneAffinity(zone),
        },
        Status = new PersistentVolumeStatus { Phase = phase },
    };

    public static VolumeNodeAffinity ZoneAffinity(string zone) => new()
    {
        Required = new NodeSelector
        {
            NodeSelectorTerms = [new NodeSelectorTerm { MatchExpressions = [new NodeSelectorRequirement { Key = "topology.kubernetes.io/zone", Operator = NodeSelectorOperator.In, Values = [zone] }] }],
        },
    };

    public static StorageClass Class(string name = "fast", VolumeBindingMode mode = VolumeBindingMode.Immediate, string provisioner = "orleanskube.io/simulated",
        PersistentVolumeReclaimPolicy policy = PersistentVolumeReclaimPolicy.Delete, bool isDefault = false, DateTimeOffset? created = null) => new()
    {
        ApiVersion = "storage.k8s.io/v1",
        Kind = "StorageClass",
        Metadata = new ObjectMeta
        {
            Name = name,
            CreationTimestamp = created,
            Annotations = isDefault ? new Dictionary<string, string> { [StorageClass.IsDefaultClassAnnotation] = "true" } : null,
        },
        Provisioner = provisioner,
        ReclaimPolicy = policy,
        VolumeBindingMode = mode,
    };

    public static Node Node(string name, string zone) => new()
    {
        Metadata = new ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name, ["topology.kubernetes.io/zone"] = zone } },
    };
}
