using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Manifests.Profiles;

namespace OrleansKube.Control.Kubelet;

/// <summary>An image a kubelet pulls for a pod: its name as the pod wrote it, its size, and how long the pull takes.</summary>
public sealed record ImagePull(string Image, long Size, TimeSpan Duration)
{
    /// <summary>
    /// The pulls <paramref name="pod"/> needs on a node holding <paramref name="held"/> (normalised names): each distinct
    /// image of its init and app containers the node lacks, sized by <paramref name="profile"/>, at its bandwidth; null: none.
    /// </summary>
    public static List<ImagePull>? For(Pod pod, HashSet<string> held, ClusterProfile profile)
    {
        List<ImagePull>? pulls = null;
        Add(pod.Spec.InitContainers, held, profile, ref pulls);
        Add(pod.Spec.Containers, held, profile, ref pulls);
        return pulls;
    }

    private static void Add(List<Container>? containers, HashSet<string> held, ClusterProfile profile, ref List<ImagePull>? pulls)
    {
        foreach (var container in containers ?? [])
        {
            if (container.Image is not { } image || held.Contains(ImageNames.Normalize(image)) || (pulls?.Exists(p => p.Image == image) ?? false))
            {
                continue;
            }

            var size = profile.ImageSize(image);
            (pulls ??= []).Add(new ImagePull(image, size, TimeSpan.FromSeconds((double)size / profile.ImagePullBandwidth.Value)));
        }
    }
}
