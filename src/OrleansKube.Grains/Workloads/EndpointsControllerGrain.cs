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
/// <see cref="EndpointSliceReconciler"/> (upstream's EndpointSlice controller, here without a watch of its own).
/// </summary>
public sealed class EndpointsControllerGrain(SimulationClock clock, ILogger<EndpointsControllerGrain> logger)
    : ControllerGrainBase<Service, Pod>(clock, logger), IEndpointsControllerGrain
{
    private string? _watching;
    private Endpoints? _endpoints;
    private bool _endpointsRead;
    private List<EndpointSlice>? _slices;

    // The zone of each node the Service's pods ran on, read once per node (not per pod change).
    private readonly Dictionary<string, string?> _zones = new(StringComparer.Ordinal);

    protected override KindInfo ChildKind => Kinds.Pod;

    // A Service owns none of its pods: its selector picks them.
    protected override bool ChildrenControlled => false;

    protected override string Component => "endpoint-controller";

    public Task WatchedChangedAsync(Immutable<KubeObject> obj)
    {
        RefreshView([(Pod)obj.Value]);
        RequestSync();
        return Task.CompletedTask;
    }

    public Task WatchedRemovedAsync(string name)
    {
        Children.Remove(name);
        RequestSync();
        return Task.CompletedTask;
    }

    protected override LabelSelector? SelectorOf(Service workload) =>
        workload.Spec?.Selector is { Count: > 0 } selector ? new LabelSelector { MatchLabels = selector } : null;

    protected override async Task<(Service, DateTimeOffset?)> ReconcileAsync(Service workload)
    {
        var selector = LabelSelectors.ToSelector(SelectorOf(workload));
        var text = SelectorOf(workload) is null ? null : selector.ToString();
        if (text != _watching)
        {
            // A new selector: watch for it, and start the view over from a list.
            await WatchAsync(text);
            Children.Clear();
            if (text is not null)
            {
                RefreshView((await GrainFactory.Get<IApiGrain>(0).ListAsync(new ListQuery(Kinds.Pod.Plural, Key.Namespace, text))).Cast<Pod>());
            }
        }

        if (!_endpointsRead)
        {
            _endpoints = await ObjectStore.For(GrainFactory, ObjectKey.For(Kinds.Endpoints, Key.Namespace, Key.Name)).GetAsync() as Endpoints;
            _endpointsRead = true;
        }

        var view = EndpointsReconciler.Compute(workload, Children.Values.Where(p => selector.Matches(p.Metadata.Labels)));
        _endpoints = await new EndpointsReconciler(Control).SyncAsync(workload, view.Endpoints, _endpoints);
        if (workload.Spec?.Selector is { Count: > 0 })
        {
            _slices ??= await ListSlicesAsync();
            await ReadZonesAsync(view);
            _slices = await new EndpointSliceReconciler(Control).SyncAsync(workload, view, _slices, node => _zones.GetValueOrDefault(node));
        }

        return (workload, null);
    }

    private async Task<List<EndpointSlice>> ListSlicesAsync()
    {
        var query = new ListQuery(Kinds.EndpointSlice.Plural, Key.Namespace, $"{EndpointSlices.ServiceNameLabel}={Key.Name}");
        return [.. (await GrainFactory.Get<IApiGrain>(0).ListAsync(query)).Cast<EndpointSlice>()
            .Where(s => s.Metadata.Labels?.GetValueOrDefault(EndpointSlices.ManagedByLabel) == EndpointSlices.ControllerName)];
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
        await WatchAsync(null);
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

        await base.OnWorkloadDeletedAsync(deleted);
    }

    private async Task WatchAsync(string? selector)
    {
        var self = this.AsReference<IObjectWatcherGrain>();
        foreach (var shard in IndexKey.AllShards(Kinds.Pod.Kind, Key.Namespace))
        {
            var index = GrainFactory.Get<IObjectIndexGrain>(shard.ToString());
            await (selector is null ? index.UnwatchAsync(self) : index.WatchAsync(self, selector));
        }

        _watching = selector;
    }
}
