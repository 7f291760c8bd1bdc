namespace OrleansKube.Model.Core;

public sealed record ConfigMap : KubeObject
{
    public Dictionary<string, string>? Data { get; set; }

    public Dictionary<string, byte[]>? BinaryData { get; set; }

    public bool? Immutable { get; set; }
}
