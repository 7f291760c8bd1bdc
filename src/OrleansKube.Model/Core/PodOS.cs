namespace OrleansKube.Model.Core;

/// <summary>The operating system a pod's containers need (<c>linux</c> or <c>windows</c>).</summary>
public sealed record PodOS
{
    public string Name { get; set; } = "";
}
