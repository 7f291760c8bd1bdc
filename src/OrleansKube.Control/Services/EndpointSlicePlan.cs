namespace OrleansKube.Control.Services;

/// <summary>The writes that bring a Service's slices to the desired ones; <see cref="Unchanged"/> are kept as they are.</summary>
public sealed record EndpointSlicePlan(IReadOnlyList<EndpointSlice> Creates, IReadOnlyList<EndpointSlice> Updates, IReadOnlyList<EndpointSlice> Deletes, IReadOnlyList<EndpointSlice> Unchanged)
{
    public bool Empty => Creates.Count == 0 && Updates.Count == 0 && Deletes.Count == 0;
}
