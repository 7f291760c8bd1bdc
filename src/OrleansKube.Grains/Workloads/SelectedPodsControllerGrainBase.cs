using Microsoft.Extensions.Logging;
using OrleansKube.Grains.Hosting;
using OrleansKube.Model.Selection;

namespace OrleansKube.Grains.Workloads;

/// <summary>
/// A controller of the pods a selector picks, none of which it owns (a Service's endpoints, a disruption budget): it
/// watches its namespace's pod index shards for its selector (the change feed; nothing for namespaces without such
/// workloads) and keeps a view of the matching pods, started over from a list when the selector changes.
/// </summary>
public abstract class SelectedPodsControllerGrainBase<TWorkload>(SimulationClock clock, ILogger logger) : ControllerGrainBase<TWorkload, Pod>(clock, logger)
    where TWorkload : KubeObject
{
    private string? _watching;

    protected override KindInfo ChildKind => Kinds.Pod;

    // The selector picks the pods: none is the workload's own.
    protected override bool ChildrenControlled => false;

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

    /// <summary>
    /// The pods <paramref name="selector"/> matches, watched under <paramref name="text"/> (null: it selects nothing, and
    /// nothing is watched). A new selector is watched and its pods listed once; after that the feed keeps the view.
    /// </summary>
    protected async Task<List<Pod>> SelectedPodsAsync(string? text, Selector selector)
    {
        if (text != _watching)
        {
            await WatchAsync(text);
            Children.Clear();
            if (text is not null)
            {
                RefreshView((await GrainFactory.Get<IApiGrain>(0).ListAsync(new ListQuery(Kinds.Pod.Plural, Key.Namespace, text))).Cast<Pod>());
            }
        }

        return text is null ? [] : [.. Children.Values.Where(p => selector.Matches(p.Metadata.Labels))];
    }

    /// <summary>The workload is gone: its watch goes too.</summary>
    protected Task StopWatchingAsync() => WatchAsync(null);

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
