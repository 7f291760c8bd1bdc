using Microsoft.Extensions.Logging;
using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Control.Services;
using OrleansKube.Control.Workloads;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Objects;
using OrleansKube.Model.Discovery;
using OrleansKube.Model.Selection;

namespace OrleansKube.Grains.Workloads;

/// <summary>
/// The endpoints controller of one Service: it watches its namespace's pod index shards for the pods its selector
/// matches (the change feed; no cost for namespaces without Services) and keeps the Endpoints of the same name
/// with <see cref="EndpointsReconciler"/>, and in the same pass, from the same computation, its EndpointSlices with
/// <see cref="EndpointSliceReconciler"/> (upstream's EndpointSlice controller, here without a watch of its own). For a
/// Service without a selector it is upstream's EndpointSliceMirroring controller instead: it hears of the user's
/// Endpoints of the Service's name and mirrors them with <see cref="EndpointSliceMirroringReconciler"/>.
/// </summary>
public sealed class EndpointsControllerGrain(SimulationClock clock, ILogger<EndpointsControllerGrain> logger)
    : SelectedPodsControllerGrainBase<Service>(clock, logger), IEndpointsControllerGrain
{
    private Endpoints? _endpoints;
    private bool _endpointsRead;
    private List<EndpointSlice>? _slices;

    // The slices mirrored from a selector-less Service's Endpoints (listed once, then kept by the passes).
    private List<EndpointSlice>? _mirrored;

    // The zone of each node the Service's pods ran on, read once per node (not per pod change).
    private readonly Dictionary<string, string?> _zones = new(StringComparer.Ordinal);

    protected override string Component => "endpoint-controller";

    protected override LabelSelector? SelectorOf(Service workload) =>
        workload.Spec?.Selector is { Count: > 0 } selector ? new LabelSelector { MatchLabels = selector } : null;

    protected override async Task<(Service, DateTimeOffset?)> ReconcileAsync(Service workload)
    {
        var selector = LabelSelectors.ToSelector(SelectorOf(workload));
        var text = SelectorOf(workload) is null ? null : selector.ToString();
        var pods = await SelectedPodsAsync(text, selector);

        if (!_endpointsRead)
        {
            _endpoints = await ObjectStore.For(GrainFactory, ObjectKey.For(Kinds.Endpoints, Key.Namespace, Key.Name)).GetAsync() as Endpoints;
            _endpointsRead = true;
        }

        var view = EndpointsReconciler.Compute(workload, pods);
        _endpoints = await new EndpointsReconciler(Control).SyncAsync(workload, view.Endpoints, _endpoints);
        if (workload.Spec?.Selector is { Count: > 0 })
        {
            _slices ??= await ListSlicesAsync();
            await ReadZonesAsync(view);
            _slices = await new EndpointSliceReconciler(Control).SyncAsync(workload, view, _slices, node => _zones.GetValueOrDefault(node));

            // A Service that gained a selector: what was mirrored for it goes (those of an earlier activation stay with their Endpoints).
            if (_mirrored is { Count: > 0 })
            {
                _mirrored = await new EndpointSliceMirroringReconciler(Control).SyncAsync(workload, _endpoints, _mirrored);
            }
        }
        else
        {
            _mirrored ??= await ListSlicesAsync(EndpointSliceMirroring.ControllerName);
            _mirrored = await new EndpointSliceMirroringReconciler(Control).SyncAsync(workload, _endpoints, _mirrored);
        }

        return (workload, null);
    }

    public Task EndpointsChangedAsync(Immutable<KubeObject> endpoints)
    {
        var value = (Endpoints)endpoints.Value;
        if (Workload?.Spec?.Selector is { Count: > 0 } || (_endpoints is not null && _endpoints.Metadata.Uid == value.Metadata.Uid && IsOlder(value, _endpoints)))
        {
            return Task.CompletedTask; // this controller's own write, or a copy older than the one it holds
        }

        _endpoints = value;
        _endpointsRead = true;
        RequestSync();
        return Task.CompletedTask;
    }

    public Task EndpointsRemovedAsync()
    {
        // Also a selector's Endpoints deleted by hand: the next pass writes them again, as upstream's endpoints controller.
        _endpoints = null;
        _endpointsRead = true;
        RequestSync();
        return Task.CompletedTask;
    }

    private async Task<List<EndpointSlice>> ListSlicesAsync(string managedBy = EndpointSlices.ControllerName)
    {
        var query = new ListQuery(Kinds.EndpointSlice.Plural, Key.Namespace, $"{EndpointSlices.ServiceNameLabel}={Key.Name}");
        return [.. (await GrainFactory.Get<IApiGrain>(0).ListAsync(query)).Cast<EndpointSlice>()
            .Where(s => s.Metadata.Labels?.GetValueOrDefault(EndpointSlices.ManagedByLabel) == managedBy)];
    }

    private async Task ReadZonesAsync(EndpointsView view)
    {
        var missing = (view.Endpoints.Subsets ?? []).Concat(view.Terminating)
            .SelectMany(s => (s.Addresses ?? []).Concat(s.NotReadyAddresses ?? []))
            .Select(a => a.NodeName)
            .OfType<string>()
            .Where(n => !_zones.ContainsKey(n))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var nodes = await Task.WhenAll(missing.Select(n => ObjectStore.For(GrainFactory, ObjectKey.For(Kinds.Node, null, n)).GetAsync()));
        for (var i = 0; i < missing.Count; i++)
        {
            _zones[missing[i]] = nodes[i]?.Metadata.Labels?.GetValueOrDefault(ClusterSnapshot.ZoneLabel);
        }
    }

    protected override async Task OnWorkloadDeletedAsync(Service deleted)
    {
        await StopWatchingAsync();
        // Only Endpoints this controller keeps go with the Service; a selector-less Service's are the user's.
        if (deleted.Spec?.Selector is { Count: > 0 } && _endpoints is not null)
        {
            await Control.TryDeleteAsync(_endpoints);
        }

        if (deleted.Spec?.Selector is { Count: > 0 })
        {
            foreach (var slice in _slices ?? await ListSlicesAsync())
            {
                await Control.TryDeleteAsync(slice);
            }
        }
        else
        {
            // Upstream's mirroring controller deletes the mirrored slices of a deleted Service.
            foreach (var slice in _mirrored ?? await ListSlicesAsync(EndpointSliceMirroring.ControllerName))
            {
                await Control.TryDeleteAsync(slice);
            }
        }

        await base.OnWorkloadDeletedAsync(deleted);
    }
}
