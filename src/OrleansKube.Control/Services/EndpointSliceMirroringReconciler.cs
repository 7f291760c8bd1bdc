using OrleansKube.Control.Workloads;

namespace OrleansKube.Control.Services;

/// <summary>
/// The EndpointSliceMirroring controller's pass for one Service without a selector, run by the Service's endpoints
/// controller: brings the mirrored slices to what the user's Endpoints ask for (<see cref="EndpointSliceMirroring"/>),
/// writing only what changed, and removes them all once the Endpoints (or the Service) are gone or must not be mirrored.
/// </summary>
public sealed class EndpointSliceMirroringReconciler(IObjectControl control)
{
    /// <summary>Returns the mirrored slices as stored.</summary>
    public async Task<List<EndpointSlice>> SyncAsync(Service? service, Endpoints? endpoints, IReadOnlyList<EndpointSlice> current)
    {
        if (!EndpointSliceMirroring.ShouldMirror(service, endpoints))
        {
            foreach (var slice in current)
            {
                await control.TryDeleteAsync(slice);
            }

            return [];
        }

        var mirror = EndpointSliceMirroring.Desired(endpoints!);
        var plan = EndpointSlices.Plan(mirror.Slices, current);
        if (plan.Empty)
        {
            return [.. current];
        }

        // Endpoints being deleted get no new slices (their deletion takes the rest).
        if (endpoints!.Metadata.DeletionTimestamp is not null)
        {
            plan = plan with { Creates = [] };
        }

        if (mirror.Events.Count > 0)
        {
            control.RecordEvents(endpoints, mirror.Events);
        }

        return await EndpointSliceReconciler.WriteAsync(control, plan);
    }
}
