namespace OrleansKube.Model.Core;

/// <summary>
/// A pod's volume: its name and one source. The sources the simulation acts on are held here; every other source of
/// upstream's (stored and returned as written) lives in one lazily made <see cref="VolumeRareSources"/>.
/// </summary>
public sealed record Volume
{
    private VolumeRareSources? _rare;

    public string Name { get; set; } = "";

    public HostPathVolumeSource? HostPath { get; set; }

    public EmptyDirVolumeSource? EmptyDir { get; set; }

    public GcePersistentDiskVolumeSource? GcePersistentDisk { get => _rare?.GcePersistentDisk; set => Rare(value, r => r with { GcePersistentDisk = value }); }

    public AwsElasticBlockStoreVolumeSource? AwsElasticBlockStore { get => _rare?.AwsElasticBlockStore; set => Rare(value, r => r with { AwsElasticBlockStore = value }); }

    public GitRepoVolumeSource? GitRepo { get => _rare?.GitRepo; set => Rare(value, r => r with { GitRepo = value }); }

    public SecretVolumeSource? Secret { get; set; }

    public NfsVolumeSource? Nfs { get => _rare?.Nfs; set => Rare(value, r => r with { Nfs = value }); }

    public IscsiVolumeSource? Iscsi { get => _rare?.Iscsi; set => Rare(value, r => r with { Iscsi = value }); }

    public GlusterfsVolumeSource? Glusterfs { get => _rare?.Glusterfs; set => Rare(value, r => r with { Glusterfs = value }); }

    public PersistentVolumeClaimVolumeSource? PersistentVolumeClaim { get; set; }

    public RbdVolumeSource? Rbd { get => _rare?.Rbd; set => Rare(value, r => r with { Rbd = value }); }

    public FlexVolumeSource? FlexVolume { get => _rare?.FlexVolume; set => Rare(value, r => r with { FlexVolume = value }); }

    public CinderVolumeSource? Cinder { get => _rare?.Cinder; set => Rare(value, r => r with { Cinder = value }); }

    [System.Text.Json.Serialization.JsonPropertyName("cephfs")]
    public CephFsVolumeSource? CephFs { get => _rare?.CephFs; set => Rare(value, r => r with { CephFs = value }); }

    public FlockerVolumeSource? Flocker { get => _rare?.Flocker; set => Rare(value, r => r with { Flocker = value }); }

    [System.Text.Json.Serialization.JsonPropertyName("downwardAPI")]
    public DownwardApiVolumeSource? DownwardApi { get => _rare?.DownwardApi; set => Rare(value, r => r with { DownwardApi = value }); }

    public FcVolumeSource? Fc { get => _rare?.Fc; set => Rare(value, r => r with { Fc = value }); }

    public AzureFileVolumeSource? AzureFile { get => _rare?.AzureFile; set => Rare(value, r => r with { AzureFile = value }); }

    public ConfigMapVolumeSource? ConfigMap { get; set; }

    public VsphereVirtualDiskVolumeSource? VsphereVolume { get => _rare?.VsphereVolume; set => Rare(value, r => r with { VsphereVolume = value }); }

    public QuobyteVolumeSource? Quobyte { get => _rare?.Quobyte; set => Rare(value, r => r with { Quobyte = value }); }

    public AzureDiskVolumeSource? AzureDisk { get => _rare?.AzureDisk; set => Rare(value, r => r with { AzureDisk = value }); }

    public PhotonPersistentDiskVolumeSource? PhotonPersistentDisk { get => _rare?.PhotonPersistentDisk; set => Rare(value, r => r with { PhotonPersistentDisk = value }); }

    public ProjectedVolumeSource? Projected { get => _rare?.Projected; set => Rare(value, r => r with { Projected = value }); }

    public PortworxVolumeSource? PortworxVolume { get => _rare?.PortworxVolume; set => Rare(value, r => r with { PortworxVolume = value }); }

    [System.Text.Json.Serialization.JsonPropertyName("scaleIO")]
    public ScaleIoVolumeSource? ScaleIo { get => _rare?.ScaleIo; set => Rare(value, r => r with { ScaleIo = value }); }

    [System.Text.Json.Serialization.JsonPropertyName("storageos")]
    public StorageOsVolumeSource? StorageOs { get => _rare?.StorageOs; set => Rare(value, r => r with { StorageOs = value }); }

    public CsiVolumeSource? Csi { get => _rare?.Csi; set => Rare(value, r => r with { Csi = value }); }

    public EphemeralVolumeSource? Ephemeral { get => _rare?.Ephemeral; set => Rare(value, r => r with { Ephemeral = value }); }

    public ImageVolumeSource? Image { get => _rare?.Image; set => Rare(value, r => r with { Image = value }); }

    /// <summary>Copy on write, as <see cref="PodSpec"/>'s: a <c>with</c> copy shares the holder.</summary>
    private void Rare<T>(T? value, Func<VolumeRareSources, VolumeRareSources> set) =>
        _rare = value is null && _rare is null ? null : set(_rare ?? VolumeRareSources.None);
}
