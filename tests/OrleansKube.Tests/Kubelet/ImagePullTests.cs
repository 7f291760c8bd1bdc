using OrleansKube.Control.Kubelet;
using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Manifests.Profiles;

namespace OrleansKube.Tests.Kubelet;

/// <summary>What a kubelet pulls for a pod: each distinct image the node lacks, sized by the cluster profile.</summary>
public class ImagePullTests
{
    [Fact]
    public void For_PullsEachMissingImageOnce_AndNothingTheNodeHolds()
    {
        var pod = new Pod
        {
            Metadata = new ObjectMeta { Name = "p", Namespace = "default" },
            Spec = new PodSpec
            {
                InitContainers = [new Container { Name = "init", Image = "busybox" }],
                Containers = [new Container { Name = "a", Image = "nginx:1.27" }, new Container { Name = "b", Image = "nginx:1.27" }, new Container { Name = "c", Image = "busybox" }],
            },
        };
        var profile = new ClusterProfile { DefaultImageSize = Quantity.Parse("200Mi"), ImagePullBandwidth = Quantity.Parse("100Mi") };

        var pulls = ImagePull.For(pod, [ImageNames.Normalize("busybox")], profile);

        var pull = Assert.Single(pulls!);
        Assert.Equal(("nginx:1.27", 200L * 1024 * 1024, TimeSpan.FromSeconds(2)), (pull.Image, pull.Size, pull.Duration));
        Assert.Null(ImagePull.For(pod, [ImageNames.Normalize("busybox"), ImageNames.Normalize("nginx:1.27")], profile));
    }
}
