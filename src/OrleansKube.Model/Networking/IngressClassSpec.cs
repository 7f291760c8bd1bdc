namespace OrleansKube.Model.Networking;

public sealed record IngressClassSpec
{
    /// <summary>A domain-prefixed path naming the controller (<c>example.com/ingress-controller</c>); immutable.</summary>
    public string? Controller { get; set; }

    public IngressClassParametersReference? Parameters { get; set; }
}
