using OrleansKube.Control.Store;

namespace OrleansKube.Control.Storage;

/// <summary>
/// The simulated provisioner's default class, and upstream's DefaultStorageClass admission plugin: a claim created
/// without <c>spec.storageClassName</c> gets the class marked <c>storageclass.kubernetes.io/is-default-class: "true"</c>;
/// with several marked, the newest (then the first by name), as upstream since 1.26. Updates are left alone.
/// </summary>
public static class StorageClasses
{
    /// <summary>The provisioner this simulation runs: classes naming it get volumes made on demand.</summary>
    public const string SimulatedProvisioner = "orleanskube.io/simulated";

    public const string DefaultClassName = "standard";

    // The old annotation a claim may still name its class with; such a claim is not defaulted.
    private const string BetaClassAnnotation = "volume.beta.kubernetes.io/storage-class";

    /// <summary>The bootstrap's class: <c>standard</c>, simulated, WaitForFirstConsumer, Delete, marked default.</summary>
    public static StorageClass DefaultClass => new()
    {
        ApiVersion = Kinds.StorageClass.ApiVersion,
        Kind = Kinds.StorageClass.Kind,
        Metadata = new ObjectMeta
        {
            Name = DefaultClassName,
            Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [StorageClass.IsDefaultClassAnnotation] = "true" },
        },
        Provisioner = SimulatedProvisioner,
        ReclaimPolicy = PersistentVolumeReclaimPolicy.Delete,
        VolumeBindingMode = VolumeBindingMode.WaitForFirstConsumer,
        AllowVolumeExpansion = true,
    };

    /// <summary>Sets the default class's name on a new claim that names none; <paramref name="classes"/> are the classes stored (and those of the same batch).</summary>
    public static void Admit(PersistentVolumeClaim claim, IEnumerable<StorageClass> classes)
    {
        if (claim.Spec is not { StorageClassName: null } spec || claim.Metadata.Annotations?.ContainsKey(BetaClassAnnotation) == true)
        {
            return;
        }

        if (FindDefault(classes) is { } chosen)
        {
            spec.StorageClassName = chosen.Metadata.Name;
        }
    }

    /// <summary>The default class, or null when no class is marked default.</summary>
    public static StorageClass? FindDefault(IEnumerable<StorageClass> classes) => DefaultClasses.Newest(classes, StorageClass.IsDefaultClassAnnotation);

    public static bool IsDefault(StorageClass storageClass) => DefaultClasses.IsMarked(storageClass, StorageClass.IsDefaultClassAnnotation);
}
