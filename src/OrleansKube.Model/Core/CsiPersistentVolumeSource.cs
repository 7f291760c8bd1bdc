namespace OrleansKube.Model.Core;

public sealed record CsiPersistentVolumeSource
{
    public string Driver { get; set; } = "";

    public string VolumeHandle { get; set; } = "";

    public bool? ReadOnly { get; set; }

    public string? FsType { get; set; }

    public Dictionary<string, string>? VolumeAttributes { get; set; }

    public SecretReference? ControllerPublishSecretRef { get; set; }

    public SecretReference? NodeStageSecretRef { get; set; }

    public SecretReference? NodePublishSecretRef { get; set; }

    public SecretReference? ControllerExpandSecretRef { get; set; }

    public SecretReference? NodeExpandSecretRef { get; set; }
}
