using OrleansKube.Manifests.Profiles;
using OrleansKube.Manifests.Reading;
using OrleansKube.Manifests.Simulation;

namespace OrleansKube.Tests.Manifests;

public class ClusterProfileTests
{
    private const string Profile = """
        name: test
        imagePullBandwidth: 50Mi
        imageSizes:
          nginx:1.27: 72Mi
        podDefaults:
          run-seconds: "600"
        pools:
        - name: web
          count: 2
          zones: [a, b]
          capacity: {cpu: "4", memory: 8Gi, pods: "110"}
          images: [nginx:1.27]
          evictionHard: memory.available<5%
        """;

    [Fact]
    public void Profile_ImagesEvictionAndPodDefaults_ReachTheNodesAndPods()
    {
        var profile = YamlConfig.Read<ClusterProfile>(Profile, "profile.yaml");

        Assert.Empty(profile.Validate());
        var node = profile.CreateNodes().First();
        Assert.Equal(("nginx:1.27", 72L * 1024 * 1024), (node.Status!.Images![0].Names![0], node.Status.Images[0].SizeBytes!.Value));
        Assert.Equal("5%", NodeSimulation.For(node.Metadata.Annotations).EvictionHard);
        Assert.Equal(100L * 1024 * 1024, profile.ImageSize("unknown:1"));
        Assert.Equal(TimeSpan.FromSeconds(600), WorkloadBehaviour.For(profile.PodDefaultAnnotations(), new WorkloadBehaviour()).RunFor);
    }

    [Fact]
    public void Profile_BadPodDefaultOrThreshold_IsRejectedNamingTheField()
    {
        var profile = YamlConfig.Read<ClusterProfile>(Profile.Replace("run-seconds: \"600\"", "run-seconds: soon").Replace("memory.available<5%", "memory.available<lots"), "profile.yaml");

        Assert.Equal(
        [
            "podDefaults.run-seconds: Invalid value: \"soon\": must be a non-negative number of seconds",
            "pools[0].evictionHard: Invalid value: \"memory.available<lots\": \"lots\" must be a quantity or a percentage",
        ], profile.Validate().Select(e => e.ToString()));
    }

    [Fact]
    public void AddedNodes_ContinueTheNumberingAndTheZones()
    {
        var profile = YamlConfig.Read<ClusterProfile>(Profile, "profile.yaml");

        var added = ClusterProfile.CreateNodes(profile.Pools[0], 2, 2, profile.ImageSize).ToList();

        Assert.Equal(["web-3", "web-4"], added.Select(n => n.Metadata.Name));
        Assert.Equal(["a", "b"], added.Select(n => n.Metadata.Labels!["topology.kubernetes.io/zone"]));
    }
}
