namespace OrleansKube.Model.Meta;

/// <summary>The common shape of every API object: apiVersion, kind and metadata.</summary>
public abstract record KubeObject
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public ObjectMeta Metadata { get; set; } = new();
}
