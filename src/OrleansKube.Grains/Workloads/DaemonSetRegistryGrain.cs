using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Workloads;

/// <summary>Passes node changes to every DaemonSet controller; with no DaemonSets a node change costs one message here.</summary>
public sealed class DaemonSetRegistryGrain : ResidentGrain, IDaemonSetRegistryGrain
{
    private readonly HashSet<string> _daemonSets = new(StringComparer.Ordinal);

    public Task RegisterAsync(string daemonSetKey)
    {
        _daemonSets.Add(daemonSetKey);
        return Task.CompletedTask;
    }

    public Task UnregisterAsync(string daemonSetKey)
    {
        _daemonSets.Remove(daemonSetKey);
        return Task.CompletedTask;
    }

    public Task NodeChangedAsync(Immutable<Node> node)
    {
        foreach (var key in _daemonSets)
        {
            GrainFactory.Get<IDaemonSetControllerGrain>(key).NodeChangedAsync(node).Ignore();
        }

        return Task.CompletedTask;
    }

    public Task NodeRemovedAsync(string name)
    {
        foreach (var key in _daemonSets)
        {
            GrainFactory.Get<IDaemonSetControllerGrain>(key).NodeRemovedAsync(name).Ignore();
        }

        return Task.CompletedTask;
    }
}
