using System.Text.Json.Nodes;
using OrleansKube.Manifests.Reading;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Tests.Manifests;

/// <summary>
/// Upstream's full example objects (every field of the kind set once, written from the 1.32 API reference, defaulted
/// fields at their defaults) survive a strict read and a write unchanged: the fields the simulation has no use for
/// are kept as written, status included.
/// </summary>
public class UpstreamExamplesTests
{
    public static TheoryData<string> Examples() => new(Directory.GetFiles(Folder, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "UpstreamExamples");

    [Theory]
    [MemberData(nameof(Examples))]
    public void ReadThenWritten_GivesBackEveryField(string file)
    {
        var text = File.ReadAllText(Path.Combine(Folder, file));
        var expected = YamlTree.Parse(text);

        var document = Assert.Single(ManifestReader.ReadText(text, file));
        var written = JsonNode.Parse(KubeJson.Serialize(document.Object))!;

        Assert.Equal(expected.ToJsonString(), Sorted(written).ToJsonString());
    }

    [Fact]
    public void ExamplesCoverEveryKindOfThisArea()
    {
        var kinds = Directory.GetFiles(Folder, "*.yaml").Select(f => YamlTree.Parse(File.ReadAllText(f))["kind"]!.GetValue<string>()).Order(StringComparer.Ordinal);

        Assert.Equal(["CronJob", "DaemonSet", "Deployment", "Job", "Pod", "ReplicaSet", "StatefulSet"], kinds);
    }

    [Theory]
    [InlineData("spec.volumes[0].nfs.servr", "volumes: [{name: v, nfs: {servr: x, path: /}}]")]
    [InlineData("spec.schedulingGates[0].nam", "schedulingGates: [{nam: g}]")]
    [InlineData("spec.containers[0].resizePolicy[0].restart", "containers: [{name: c, image: nginx, resizePolicy: [{resourceName: cpu, restart: x}]}]")]
    [InlineData("spec.ephemeralContainers[0].targetContainer", "ephemeralContainers: [{name: d, image: busybox, targetContainer: c}]")]
    public void AMisspeltNewField_IsRefusedByItsPath(string path, string specLine)
    {
        var manifest = $"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  {specLine}\n" + (specLine.StartsWith("containers", StringComparison.Ordinal) ? "" : "  containers: [{name: c, image: nginx}]\n");

        var error = Assert.Throws<ManifestException>(() => ManifestReader.ReadText(manifest, "pod.yaml"));

        Assert.Contains($"unknown field \"{path}\"", error.Message);
    }

    /// <summary>Object keys in ordinal order, so two trees with the same content print the same.</summary>
    private static JsonNode Sorted(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Sorted(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(i => i is null ? null : Sorted(i))]),
        _ => node.DeepClone(),
    };
}
