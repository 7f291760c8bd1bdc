namespace OrleansKube.Model.Networking;

public sealed record HttpIngressRuleValue
{
    public List<HttpIngressPath>? Paths { get; set; }
}
