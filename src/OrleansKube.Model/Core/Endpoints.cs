namespace OrleansKube.Model.Core;

/// <summary>core/v1 Endpoints: the addresses behind a Service, kept by the endpoints controller.</summary>
public sealed record Endpoints : KubeObject
{
    public List<EndpointSubset>? Subsets { get; set; }
}
