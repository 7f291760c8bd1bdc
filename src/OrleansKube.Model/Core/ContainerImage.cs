namespace OrleansKube.Model.Core;

public sealed record ContainerImage
{
    public List<string>? Names { get; set; }

    public long? SizeBytes { get; set; }
}
