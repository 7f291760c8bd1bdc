namespace OrleansKube.Model.Core;

public sealed record PersistentVolumeSpec
{
    public Dictionary<string, Quantity>? Capacity { get; set; }

    public List<PersistentVolumeAccessMode>? AccessModes { get; set; }

    public ObjectReference? ClaimRef { get; set; }

    public PersistentVolumeReclaimPolicy? PersistentVolumeReclaimPolicy { get; set; }

    public string? StorageClassName { get; set; }

    public List<string>? MountOptions { get; set; }

    public PersistentVolumeMode? VolumeMode { get; set; }

    public VolumeNodeAffinity? NodeAffinity { get; set; }

    public string? VolumeAttributesClassName { get; set; }

    public GcePersistentDiskVolumeSource? GcePersistentDisk { get; set; }

    public AwsElasticBlockStoreVolumeSource? AwsElasticBlockStore { get; set; }

    public HostPathVolumeSource? HostPath { get; set; }

    public GlusterfsPersistentVolumeSource? Glusterfs { get; set; }

    public NfsVolumeSource? Nfs { get; set; }

    public RbdPersistentVolumeSource? Rbd { get; set; }

    public IscsiPersistentVolumeSource? Iscsi { get; set; }

    public CinderPersistentVolumeSource? Cinder { get; set; }

    public CephFSPersistentVolumeSource? Cephfs { get; set; }

    public FcVolumeSource? Fc { get; set; }

    public FlockerVolumeSource? Flocker { get; set; }

    public FlexPersistentVolumeSource? FlexVolume { get; set; }

    public AzureFilePersistentVolumeSource? AzureFile { get; set; }

    public VsphereVirtualDiskVolumeSource? VsphereVolume { get; set; }

    public QuobyteVolumeSource? Quobyte { get; set; }

    public AzureDiskVolumeSource? AzureDisk { get; set; }

    public PhotonPersistentDiskVolumeSource? PhotonPersistentDisk { get; set; }

    public PortworxVolumeSource? PortworxVolume { get; set; }

    public ScaleIOPersistentVolumeSource? ScaleIO { get; set; }

    public LocalVolumeSource? Local { get; set; }

    public StorageOSPersistentVolumeSource? Storageos { get; set; }

    public CsiPersistentVolumeSource? Csi { get; set; }
}
