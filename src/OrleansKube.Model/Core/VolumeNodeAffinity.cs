namespace OrleansKube.Model.Core;

public sealed record VolumeNodeAffinity
{
    public NodeSelector? Required { get; set; }
}
