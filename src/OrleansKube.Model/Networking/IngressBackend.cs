namespace OrleansKube.Model.Networking;

/// <summary>Where matching requests go: a Service's port or another resource, exactly one of them.</summary>
public sealed record IngressBackend
{
    public IngressServiceBackend? Service { get; set; }

    public TypedLocalObjectReference? Resource { get; set; }
}
