namespace OrleansKube.Model.Discovery;

/// <summary>discovery.k8s.io/v1 EndpointSlice: a Service's endpoints in slices of at most 100, kept by the EndpointSlice controller.</summary>
public sealed record EndpointSlice : KubeObject
{
    public AddressType AddressType { get; set; }

    public List<EndpointSliceEndpoint>? Endpoints { get; set; }

    public List<EndpointSlicePort>? Ports { get; set; }
}
