using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Model.Selection;
using OrleansKube.Control.Storage;

namespace OrleansKube.Control.Scheduling.Plugins.VolumeBinding;

/// <summary>
/// Upstream's VolumeBinding filter: a pod's claims must exist; an unbound claim of an Immediate class (or none) keeps the
/// pod off every node until the volume controller binds it; a bound claim's volume's node affinity limits the nodes; an
/// unbound claim of a WaitForFirstConsumer class lets any node pass (the scheduler then names the node on the claim and
/// the volume is provisioned there). Pods without claims skip it, and their cycle reads nothing.
/// </summary>
public sealed class VolumeBindingPlugin : IPreFilterPlugin, IFilterPlugin
{
    public const string PluginName = "VolumeBinding";
    public const string ErrReasonBindConflict = "node(s) didn't find available persistent volumes to bind";
    public const string ErrReasonNodeConflict = "node(s) had volume node affinity conflict";
    public const string ErrReasonUnboundImmediate = "pod has unbound immediate PersistentVolumeClaims";

    private const string StateKey = "PreFilter" + PluginName;

    private static readonly Status NodeConflict = Status.Unresolvable(ErrReasonNodeConflict).WithPlugin(PluginName);

    private static readonly Status BindConflict = Status.Unresolvable(ErrReasonBindConflict).WithPlugin(PluginName);

    public string Name => PluginName;

    public Status PreFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot)
    {
        var names = PodVolumes.ClaimNames(pod.Pod);
        if (names.Count == 0)
        {
            return Status.Skip;
        }

        var volumes = snapshot.VolumesOf(pod.Key);
        List<NodeSelector>? affinities = null;
        List<string>? selectedNodes = null;
        foreach (var name in names)
        {
            if (volumes?.Claims.GetValueOrDefault(name) is not { } claim)
            {
                return Status.Unresolvable($"persistentvolumeclaim \"{name}\" not found").WithPlugin(PluginName);
            }

            if (claim.Metadata.DeletionTimestamp is not null)
            {
                return Status.Unresolvable($"persistentvolumeclaim \"{name}\" is being deleted").WithPlugin(PluginName);
            }

            if (PodVolumes.IsBound(claim))
            {
                if (volumes.Volumes.GetValueOrDefault(claim.Spec!.VolumeName!) is not { } volume)
                {
                    return Status.Unresolvable($"pvc(s) bound to non-existent pv(s)").WithPlugin(PluginName);
                }

                if (volume.Spec?.NodeAffinity?.Required is { } required)
                {
                    (affinities ??= []).Add(required);
                }
            }
            else if (!volumes.IsDelayed(claim))
            {
                return Status.Unresolvable(ErrReasonUnboundImmediate).WithPlugin(PluginName);
            }
            else if (claim.Metadata.Annotations?.GetValueOrDefault(VolumeAnnotations.SelectedNode) is { Length: > 0 } selected)
            {
                // Another pod's placement chose where this claim is provisioned: only that node can have its volume
                // (upstream's binder skips every other node).
                (selectedNodes ??= []).Add(selected);
            }
        }

        if (affinities is null && selectedNodes is null)
        {
            return Status.Skip; // every node passes: no bound volume limits them
        }

        state.Write(StateKey, new Constraints(affinities ?? [], selectedNodes ?? []));
        return Status.Success;
    }

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var constraints = state.Read<Constraints>(StateKey);
        foreach (var selected in constraints?.SelectedNodes ?? [])
        {
            if (selected != node.Node.Metadata.Name)
            {
                return BindConflict;
            }
        }

        foreach (var required in constraints?.Affinities ?? [])
        {
            if (!LabelSelectors.Matches(required, node.Node.Metadata.Name!, node.Labels))
            {
                return NodeConflict;
            }
        }

        return Status.Success;
    }

    private sealed record Constraints(List<NodeSelector> Affinities, List<string> SelectedNodes);
}
