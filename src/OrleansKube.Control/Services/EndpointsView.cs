namespace OrleansKube.Control.Services;

/// <summary>
/// One pass's computation of a Service's endpoints: the Endpoints object, and the terminating pods' addresses by the
/// same port sets (serving ones as addresses, the others as notReadyAddresses), which only EndpointSlices carry.
/// </summary>
public sealed record EndpointsView(Endpoints Endpoints, IReadOnlyList<EndpointSubset> Terminating);
