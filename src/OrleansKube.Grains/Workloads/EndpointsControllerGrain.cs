using Microsoft.Extensions.Logging;
using OrleansKube.Control.Services;
using OrleansKube.Control.Workloads;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Objects;
using OrleansKube.Model.Selection;

namespace OrleansKube.Grains.Workloads;

/// <summary>
/// The endpoints controller of one Service: it watches its namespace's pod index shards for the pods its selector
/// matches (the change feed; no cost for namespaces without Services) and keeps the Endpoints of the same name
/// with <see cref="EndpointsReconciler"/>.
/// </summary>
public sealed class EndpointsControllerGrain(SimulationClock clock, ILogger<EndpointsControllerGrain> logger)
    : ControllerGrainBase<Service, Pod>(clock, logger), IEndpointsControllerGrain
{
    private string? _watching;
    private Endpoints? _endpoints;
    private bool _endpointsRead;

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

        _endpoints = await new EndpointsReconciler(Control).SyncAsync(workload, Children.Values.Where(p => selector.Matches(p.Metadata.Labels)), _endpoints);
        return (workload, null);
    }

    protected override async Task OnWorkloadDeletedAsync(Service deleted)
    {
        await WatchAsync(null);
        // Only Endpoints this controller keeps go with the Service; a selector-less Service's are the user's.
        if (deleted.Spec?.Selector is { Count: > 0 } && _endpoints is not null)
        {
            await Control.TryDeleteAsync(_endpoints);
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
