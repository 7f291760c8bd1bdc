using OrleansKube.Control.Scheduling;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Objects;

namespace OrleansKube.Grains.Scheduling;

/// <summary>
/// The interim scheduler (one per schedulerName): a cache of nodes fed by their kubelets (labels, taints,
/// allocatable, admitted pods), the placements it assumed and not yet seen confirmed, and the pods that fit
/// nowhere, retried whenever a node or pod changes. The sharded scheduling framework replaces the placement.
/// </summary>
public sealed class SchedulerGrain : ResidentGrain, ISchedulerGrain
{
    private readonly Dictionary<string, NodeCandidate> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _assumedNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Pod> _unschedulable = new(StringComparer.Ordinal);

    private string SchedulerName => this.GetPrimaryKeyString();

    public Task EnqueueAsync(Immutable<Pod> pod) => ScheduleAsync(pod.Value);

    public async Task PodRemovedAsync(string podKey)
    {
        _unschedulable.Remove(podKey);
        if (_assumedNode.Remove(podKey, out var nodeName) && _nodes.TryGetValue(nodeName, out var node))
        {
            node.Assumed.Remove(podKey);
            node.Recompute();
        }

        await RetryUnschedulableAsync();
    }

    public async Task NodeChangedAsync(Immutable<Node> node)
    {
        var candidate = Candidate(node.Value.Metadata.Name!);
        candidate.Labels = node.Value.Metadata.Labels ?? [];
        candidate.Taints = node.Value.Spec?.Taints ?? [];
        candidate.Unschedulable = node.Value.Spec?.Unschedulable ?? false;
        candidate.Allocatable = ResourceList.From(node.Value.Status?.Allocatable);
        await RetryUnschedulableAsync();
    }

    public async Task NodeUsageChangedAsync(NodeUsage usage)
    {
        var candidate = Candidate(usage.NodeName);
        candidate.Reported = new ResourceList(usage.Requested);
        candidate.ReportedPods = new HashSet<string>(usage.PodKeys, StringComparer.Ordinal);
        foreach (var podKey in usage.PodKeys)
        {
            if (candidate.Assumed.Remove(podKey))
            {
                _assumedNode.Remove(podKey);
            }
        }

        candidate.Recompute();
        await RetryUnschedulableAsync();
    }

    public Task NodeRemovedAsync(string nodeName)
    {
        if (_nodes.Remove(nodeName, out var node))
        {
            foreach (var podKey in node.Assumed.Keys)
            {
                _assumedNode.Remove(podKey);
            }
        }

        return Task.CompletedTask;
    }

    public Task<int> GetPendingCountAsync() => Task.FromResult(_unschedulable.Count);

    private NodeCandidate Candidate(string name)
    {
        if (!_nodes.TryGetValue(name, out var candidate))
        {
            candidate = new NodeCandidate(name);
            _nodes[name] = candidate;
        }

        return candidate;
    }

    private async Task ScheduleAsync(Pod pod)
    {
        var key = ObjectKey.Of(pod).ToString();
        if (_assumedNode.ContainsKey(key))
        {
            return;
        }

        var requests = ResourceList.ForPod(pod.Spec);
        var podGrain = ObjectGrains.Pod(GrainFactory, pod.Metadata.Namespace!, pod.Metadata.Name!);
        var result = Placement.Place(pod, requests, _nodes.Values);
        if (result.NodeName is not { } nodeName)
        {
            _unschedulable[key] = pod;
            await podGrain.MarkUnschedulableAsync(result.UnschedulableMessage!);
            return;
        }

        // Assume the placement before binding, so the next pod sees the room as taken.
        var node = _nodes[nodeName];
        node.Assumed[key] = requests;
        node.Recompute();
        _assumedNode[key] = nodeName;
        _unschedulable.Remove(key);
        try
        {
            await podGrain.BindAsync(nodeName, SchedulerName);
        }
        catch (ApiException)
        {
            // The pod or node went away, or someone else bound it: forget the assumption.
            _assumedNode.Remove(key);
            node.Assumed.Remove(key);
            node.Recompute();
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
