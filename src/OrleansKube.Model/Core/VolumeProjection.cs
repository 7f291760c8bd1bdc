namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 VolumeProjection (stored and returned as written).</summary>
public sealed record VolumeProjection
{
    public SecretProjection? Secret { get; set; }

    public DownwardApiProjection? DownwardAPI { get; set; }

    public ConfigMapProjection? ConfigMap { get; set; }

    public ServiceAccountTokenProjection? ServiceAccountToken { get; set; }

    public ClusterTrustBundleProjection? ClusterTrustBundle { get; set; }
}
