namespace OrleansKube.Model.Networking;

/// <summary>The controller's configuration object; <c>scope</c> is <c>Cluster</c> (the default) or <c>Namespace</c> (with <c>namespace</c>).</summary>
public sealed record IngressClassParametersReference
{
    public string? ApiGroup { get; set; }

    public string? Kind { get; set; }

    public string? Name { get; set; }

    public string? Scope { get; set; }

    public string? Namespace { get; set; }
}
