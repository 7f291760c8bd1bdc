namespace OrleansKube.Model.Networking;

public sealed record IngressSpec
{
    /// <summary>The IngressClass that serves it; admission fills in the default class when none is named.</summary>
    public string? IngressClassName { get; set; }

    public IngressBackend? DefaultBackend { get; set; }

    public List<IngressTls>? Tls { get; set; }

    public List<IngressRule>? Rules { get; set; }
}
