namespace OrleansKube.Model.Core;

public sealed record Secret : KubeObject
{
    public string? Type { get; set; }

    public Dictionary<string, byte[]>? Data { get; set; }

    public Dictionary<string, string>? StringData { get; set; }

    public bool? Immutable { get; set; }
}
