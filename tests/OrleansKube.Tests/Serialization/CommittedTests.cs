using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansKube.Control.Watching;
using OrleansKube.Grains.Abstractions;
using OrleansKube.Grains.Abstractions.Watching;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Tests.Serialization;

/// <summary>
/// A watch cache's answer to a write (<see cref="Committed"/>): within a silo the writer gets the cache's own copy; what
/// crosses silos is the resourceVersion alone, and the writer's stamped copy equals the cache's.
/// </summary>
public class CommittedTests
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddKubeObjectSerializer().BuildServiceProvider();

    private static Pod Written() => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new ObjectMeta { Name = "web-0", Namespace = "default", ResourceVersion = "41", Labels = new() { ["app"] = "web" } },
        Spec = new PodSpec { Containers = [new Container { Name = "web", Image = "nginx" }], NodeName = "node-1" },
        Status = new PodStatus { Phase = PodPhase.Running },
    };

    [Fact]
    public void AcrossSilos_OnlyTheResourceVersionTravels_AndTheWriterStampsWhatTheCacheKeeps()
    {
        var written = Written();
        var kept = ResourceVersions.Stamp(written, 42);
        var serializer = Services.GetRequiredService<Serializer<Committed>>();

        var bytes = serializer.SerializeToArray(new Committed(42, kept));
        var received = serializer.Deserialize(bytes)!;

        Assert.True(bytes.Length < 16, $"{bytes.Length} bytes: more than a resourceVersion crossed");
        Assert.Equal(42, received.ResourceVersion);
        Assert.Null(received.Object);
        var stamped = received.Stamped(written);
        Assert.Equal(KubeJson.Serialize(kept), KubeJson.Serialize(stamped));
        Assert.Equal("41", written.Metadata.ResourceVersion); // the written object is shared: never changed in place
    }

    [Fact]
    public void WithinASilo_TheWriterKeepsTheCachesCopy()
    {
        var kept = ResourceVersions.Stamp(Written(), 42);
        var copier = Services.GetRequiredService<DeepCopier<Committed>>();

        var answer = copier.Copy(new Committed(42, kept));

        Assert.Same(kept, answer.Object);
        Assert.Same(kept, answer.Stamped(Written()));
    }
}
