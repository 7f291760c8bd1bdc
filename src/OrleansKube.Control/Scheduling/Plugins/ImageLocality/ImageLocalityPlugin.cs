using System.Runtime.InteropServices;
using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Control.Scheduling.Plugins.ImageLocality;

/// <summary>
/// Prefers nodes that already hold the pod's images: each image counts its size scaled by how widely it is
/// spread (to avoid piling onto the one node that has it), clamped between 23 MB and 1000 MB per container.
/// </summary>
public sealed class ImageLocalityPlugin : IPreScorePlugin, IScorePlugin
{
    public const string PluginName = "ImageLocality";
    private const long Mb = 1024 * 1024;
    private const long MinThreshold = 23 * Mb;
    private const long MaxContainerThreshold = 1000 * Mb;
    private const string StateKey = PluginName + "/spread";

    public string Name => PluginName;

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> feasibleNodes, ClusterSnapshot snapshot)
    {
        var containerCount = pod.Pod.Spec.Containers.Count + (pod.Pod.Spec.InitContainers?.Count ?? 0);
        var images = new List<string>(containerCount);
        AddImages(pod.Pod.Spec.InitContainers, images);
        AddImages(pod.Pod.Spec.Containers, images);
        var spread = new double[images.Count];
        var sizes = new Dictionary<NodeInfo, long>?[images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            sizes[i] = snapshot.ImageSizesByNode(images[i]);
            spread[i] = snapshot.Nodes.Count == 0 ? 0 : (double)(sizes[i]?.Count ?? 0) / snapshot.Nodes.Count;
        }

        state.Write(StateKey, new ImageSpread(sizes, spread, containerCount));
        return Status.Success;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        var spread = state.Read<ImageSpread>(StateKey);
        if (spread is null)
        {
            return 0;
        }

        long sum = 0;
        for (var i = 0; i < spread.Sizes.Length; i++)
        {
            if (spread.Sizes[i] is { } sizes && sizes.TryGetValue(node, out var size))
            {
                sum += (long)(size * spread.Spread[i]);
            }
        }

        var maxThreshold = MaxContainerThreshold * Math.Max(1, spread.ContainerCount);
        sum = Math.Clamp(sum, MinThreshold, maxThreshold);
        return SchedulingFramework.MaxNodeScore * (sum - MinThreshold) / (maxThreshold - MinThreshold);
    }

    private static void AddImages(List<Container>? containers, List<string> images)
    {
        foreach (var container in CollectionsMarshal.AsSpan(containers))
        {
            if (!string.IsNullOrEmpty(container.Image))
            {
                images.Add(ImageNames.Normalize(container.Image));
            }
        }
    }

    /// <summary>For each of the pod's images, the snapshot's table of its size per node holding it (null: none) and, at the same index, the share of nodes holding it.</summary>
    private sealed record ImageSpread(Dictionary<NodeInfo, long>?[] Sizes, double[] Spread, int ContainerCount);
}
