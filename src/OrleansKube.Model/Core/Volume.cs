namespace OrleansKube.Model.Core;

public sealed record Volume
{
    public string Name { get; set; } = "";

    public ConfigMapVolumeSource? ConfigMap { get; set; }

    public SecretVolumeSource? Secret { get; set; }

    public EmptyDirVolumeSource? EmptyDir { get; set; }

    public HostPathVolumeSource? HostPath { get; set; }

    public PersistentVolumeClaimVolumeSource? PersistentVolumeClaim { get; set; }
}
