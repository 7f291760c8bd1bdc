namespace OrleansKube.Model.Networking;

/// <summary>Requests for a host (every host when empty) routed by path.</summary>
public sealed record IngressRule
{
    public string? Host { get; set; }

    public HttpIngressRuleValue? Http { get; set; }
}
