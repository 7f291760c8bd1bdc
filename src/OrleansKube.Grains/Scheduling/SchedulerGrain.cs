using OrleansKube.Control.Scheduling;
using OrleansKube.Grains.Objects;

namespace OrleansKube.Grains.Scheduling;

/// <summary>
/// The interim scheduler (one per schedulerName): a cache of nodes fed by their kubelets, the pods it has
/// placed, and the pods that fit nowhere, retried whenever a node or pod changes. The sharded scheduling
/// framework replaces the placement; the shell stays this thin.
/// </summary>
public sealed class SchedulerGrain : Grain, ISchedulerGrain
{
    private readonly Dictionary<string, NodeCandidate> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Node, ResourceList Requests)> _placed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Pod> _unschedulable = new(StringComparer.Ordinal);

    private string SchedulerName => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(TimeSpan.MaxValue);
        return Task.CompletedTask;
    }

    public Task EnqueueAsync(Immutable<Pod> pod) => ScheduleAsync(pod.Value);

    public async Task PodRemovedAsync(string podKey)
    {
        _unschedulable.Remove(podKey);
        if (_placed.Remove(podKey, out var placed) && _nodes.TryGetValue(placed.Node, out var node))
        {
            node.Requested.Subtract(placed.Requests);
            node.PodCount--;
            await RetryUnschedulableAsync();
        }
    }

    public async Task NodeChangedAsync(Immutable<Node> node)
    {
        var name = node.Value.Metadata.Name!;
        if (!_nodes.TryGetValue(name, out var candidate))
        {
            candidate = new NodeCandidate(name);
            _nodes[name] = candidate;
        }

        candidate.Labels = node.Value.Metadata.Labels ?? [];
        candidate.Taints = node.Value.Spec?.Taints ?? [];
        candidate.Unschedulable = node.Value.Spec?.Unschedulable ?? false;
        candidate.Allocatable = ResourceList.From(node.Value.Status?.Allocatable);
        await RetryUnschedulableAsync();
    }

    public Task NodeRemovedAsync(string nodeName)
    {
        _nodes.Remove(nodeName);
        foreach (var key in _placed.Where(p => p.Value.Node == nodeName).Select(p => p.Key).ToList())
        {
            _placed.Remove(key);
        }

        return Task.CompletedTask;
    }

    public Task<int> GetPendingCountAsync() => Task.FromResult(_unschedulable.Count);

    private async Task ScheduleAsync(Pod pod)
    {
        var key = ObjectKey.Of(pod).ToString();
        if (_placed.ContainsKey(key))
        {
            return;
        }

        var requests = ResourceList.ForPod(pod.Spec);
        var result = Placement.Place(pod, requests, _nodes.Values);
        if (result.NodeName is not { } nodeName)
        {
            _unschedulable[key] = pod;
            await ObjectGrains.Pod(GrainFactory, pod.Metadata.Namespace!, pod.Metadata.Name!).MarkUnschedulableAsync(result.UnschedulableMessage!);
            return;
        }

        // Assume the placement before binding, so the next pod sees the room as taken.
        var node = _nodes[nodeName];
        node.Requested.Add(requests);
        node.PodCount++;
        _placed[key] = (nodeName, requests);
        _unschedulable.Remove(key);
        try
        {
            await ObjectGrains.Pod(GrainFactory, pod.Metadata.Namespace!, pod.Metadata.Name!).BindAsync(nodeName, SchedulerName);
        }
        catch (ApiException)
        {
            // The pod or node went away, or someone else bound it: forget the assumption.
            _placed.Remove(key);
            node.Requested.Subtract(requests);
            node.PodCount--;
        }
    }

    private async Task RetryUnschedulableAsync()
    {
        foreach (var pod in _unschedulable.Values.ToList())
        {
            await ScheduleAsync(pod);
        }
    }
}
