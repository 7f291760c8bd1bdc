using OrleansKube.Control.Workloads;

namespace OrleansKube.Control.Services;

/// <summary>
/// The EndpointSlice controller's pass for one Service with a selector, run by the endpoints controller in the same
/// pass on the same <see cref="EndpointsView"/>: plans with <see cref="EndpointSlices"/> and writes only what changed.
/// </summary>
public sealed class EndpointSliceReconciler(IObjectControl control)
{
    /// <summary>Brings the slices to what <paramref name="view"/> asks for; returns them as stored.</summary>
    public async Task<List<EndpointSlice>> SyncAsync(Service service, EndpointsView view, IReadOnlyList<EndpointSlice> current, Func<string, string?> zoneOf)
    {
        if (service.Spec?.Selector is not { Count: > 0 })
        {
            return [.. current]; // no selector: no controller-managed slices
        }

        var plan = EndpointSlices.Plan(EndpointSlices.Desired(service, view, zoneOf), current);
        return plan.Empty ? [.. current] : await WriteAsync(control, plan);
    }

    /// <summary>Carries out <paramref name="plan"/> (updates, creates, then deletes); returns the slices as stored.</summary>
    public static async Task<List<EndpointSlice>> WriteAsync(IObjectControl control, EndpointSlicePlan plan)
    {
        var stored = new List<EndpointSlice>(plan.Unchanged);
        foreach (var slice in plan.Updates)
        {
            stored.Add((EndpointSlice)await control.UpdateAsync(slice));
        }

        foreach (var slice in plan.Creates)
        {
            stored.Add((EndpointSlice)await control.CreateAsync(slice));
        }

        foreach (var slice in plan.Deletes)
        {
            await control.TryDeleteAsync(slice);
        }

        return stored;
    }
}
