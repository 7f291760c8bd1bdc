using System.Text.Json.Nodes;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Tests.Serialization;

/// <summary>The fields held apart from the hot pod types behave as ordinary fields: flat JSON, copies, equality.</summary>
public class RareFieldsTests
{
    [Fact]
    public void WithCopy_SettingARareField_LeavesTheOriginalAsItWas()
    {
        var original = new PodSpec { Hostname = "a", SchedulingGates = [new PodSchedulingGate { Name = "g" }] };

        var copy = original with { Hostname = "b" };
        copy.Subdomain = "s";

        Assert.Equal(("a", null), (original.Hostname, original.Subdomain));
        Assert.Equal(("b", "s"), (copy.Hostname, copy.Subdomain));
        Assert.Same(original.SchedulingGates, copy.SchedulingGates);
    }

    [Fact]
    public void ModelCopy_OfASpecWithRareFields_CopiesThemDeeply()
    {
        var spec = new PodSpec { Overhead = new() { ["cpu"] = Quantity.Parse("10m") }, Containers = [new Container { Name = "c", Tty = true }] };

        var copy = ModelCopy.Deep(spec);
        copy.Overhead!["cpu"] = Quantity.Parse("20m");
        copy.Containers[0].Tty = false;

        Assert.Equal("10m", spec.Overhead["cpu"].ToString());
        Assert.True(spec.Containers[0].Tty);
        Assert.Equal(spec with { }, spec);
    }

    [Fact]
    public void Serialize_RareFields_AreFlatInUpstreamsShape()
    {
        var pod = new Pod
        {
            Metadata = new ObjectMeta { Name = "p" },
            Spec = new PodSpec
            {
                Containers = [new Container { Name = "c", RestartPolicy = null, Stdin = true }],
                Volumes = [new Volume { Name = "v", Nfs = new NfsVolumeSource { Server = "s", Path = "/" } }, new Volume { Name = "w", DownwardApi = new DownwardApiVolumeSource() }],
                SchedulingGates = [new PodSchedulingGate { Name = "g" }],
            },
        };

        var spec = JsonNode.Parse(KubeJson.Serialize(pod))!["spec"]!;

        Assert.Equal("""[{"name":"v","nfs":{"server":"s","path":"/"}},{"name":"w","downwardAPI":{}}]""", spec["volumes"]!.ToJsonString());
        Assert.Equal("""[{"name":"c","stdin":true}]""", spec["containers"]!.ToJsonString());
        Assert.Equal("""[{"name":"g"}]""", spec["schedulingGates"]!.ToJsonString());
    }

    [Fact]
    public void AnOrdinarySpec_HoldsNoRareFields()
    {
        var spec = KubeJson.Copy(new PodSpec { Containers = [new Container { Name = "c", Image = "nginx" }], RestartPolicy = RestartPolicy.Always, ServiceAccount = "default" });

        Assert.Null(typeof(PodSpec).GetField("_rare", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.GetValue(spec));
        Assert.Null(typeof(Container).GetField("_rare", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.GetValue(spec.Containers[0]));
    }
}
