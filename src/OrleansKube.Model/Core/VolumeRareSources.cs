namespace OrleansKube.Model.Core;

/// <summary>The <see cref="Volume"/> sources the simulation only stores, held apart so a volume pays one reference for all of them.</summary>
internal sealed record VolumeRareSources
{
    public static readonly VolumeRareSources None = new();

    public GcePersistentDiskVolumeSource? GcePersistentDisk { get; set; }

    public AwsElasticBlockStoreVolumeSource? AwsElasticBlockStore { get; set; }

    public GitRepoVolumeSource? GitRepo { get; set; }

    public NfsVolumeSource? Nfs { get; set; }

    public IscsiVolumeSource? Iscsi { get; set; }

    public GlusterfsVolumeSource? Glusterfs { get; set; }

    public RbdVolumeSource? Rbd { get; set; }

    public FlexVolumeSource? FlexVolume { get; set; }

    public CinderVolumeSource? Cinder { get; set; }

    public CephFsVolumeSource? CephFs { get; set; }

    public FlockerVolumeSource? Flocker { get; set; }

    public DownwardApiVolumeSource? DownwardApi { get; set; }

    public FcVolumeSource? Fc { get; set; }

    public AzureFileVolumeSource? AzureFile { get; set; }

    public VsphereVirtualDiskVolumeSource? VsphereVolume { get; set; }

    public QuobyteVolumeSource? Quobyte { get; set; }

    public AzureDiskVolumeSource? AzureDisk { get; set; }

    public PhotonPersistentDiskVolumeSource? PhotonPersistentDisk { get; set; }

    public ProjectedVolumeSource? Projected { get; set; }

    public PortworxVolumeSource? PortworxVolume { get; set; }

    public ScaleIoVolumeSource? ScaleIo { get; set; }

    public StorageOsVolumeSource? StorageOs { get; set; }

    public CsiVolumeSource? Csi { get; set; }

    public EphemeralVolumeSource? Ephemeral { get; set; }

    public ImageVolumeSource? Image { get; set; }
}
