using OrleansKube.Model.Coordination;

namespace OrleansKube.Control.Nodes;

/// <summary>
/// What the node lifecycle controller knows of each node: when it last heard the node's kubelet, and whom it holds
/// unreachable. It hears a kubelet two ways: the Leases it reads every monitor period (upstream's controller reads
/// them from its informer), and a kubelet's own word when it registers or while its node carries lifecycle taints.
/// A node is heard at its lease's renewTime, never earlier than what was already known: a controller that starts
/// takes every node as heard at its start, so old leases read then do not make nodes overdue sooner.
/// </summary>
public sealed class NodeHealth
{
    private readonly Dictionary<string, DateTimeOffset> _heard = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unreachable = new(StringComparer.Ordinal);

    /// <summary>The nodes held unreachable, in name order.</summary>
    public List<string> Unreachable => [.. _unreachable.Order(StringComparer.Ordinal)];

    /// <summary>Nodes that exist when the controller starts: heard now unless already heard.</summary>
    public void Start(IEnumerable<string> nodes, DateTimeOffset now)
    {
        foreach (var node in nodes)
        {
            _heard.TryAdd(node, now);
        }
    }

    /// <summary>A kubelet's own word (it registers, or its node is tainted): the node is followed from now on. True when it was held unreachable.</summary>
    public bool Heard(string node, DateTimeOffset renewTime)
    {
        _heard[node] = renewTime;
        return _unreachable.Remove(node);
    }

    /// <summary>The node was deleted: it is followed no more (its Lease, left behind, is ignored).</summary>
    public void Forget(string node)
    {
        _heard.Remove(node);
        _unreachable.Remove(node);
    }

    /// <summary>
    /// The kubelets' Leases as read now: each followed node whose lease was renewed after it was last heard is heard at
    /// that renewal. Returns the nodes held unreachable that have been heard again.
    /// </summary>
    public List<string>? Read(IEnumerable<Lease> leases)
    {
        List<string>? back = null;
        foreach (var lease in leases)
        {
            var node = lease.Metadata.Name!;
            if (lease.Spec?.RenewTime is { } renewed && _heard.TryGetValue(node, out var heard) && renewed > heard)
            {
                _heard[node] = renewed;
                if (_unreachable.Remove(node))
                {
                    (back ??= []).Add(node);
                }
            }
        }

        return back;
    }

    /// <summary>The nodes overdue at <paramref name="now"/> not yet held unreachable: they are from now on.</summary>
    public List<string>? MarkOverdue(DateTimeOffset now)
    {
        List<string>? overdue = null;
        foreach (var (node, heard) in _heard)
        {
            if (NodeLifecycle.IsOverdue(heard, now) && _unreachable.Add(node))
            {
                (overdue ??= []).Add(node);
            }
        }

        return overdue;
    }
}
