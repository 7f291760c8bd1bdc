using OrleansKube.Manifests.Profiles;
using OrleansKube.Model.Resources;

namespace OrleansKube.ClusterTests;

/// <summary>
/// A cluster for one test class alone (each class using it gets its own): three nodes of 4 CPUs and 16 GiB in three
/// zones, room for a chart's or the deploy manifests' pods whatever else ran.
/// </summary>
public sealed class RoomyClusterFixture : ApiClusterFixture
{
    protected override ClusterProfile ClusterProfile { get; } = new()
    {
        Name = "roomy",
        Pools =
        [
            new NodePool
            {
                Name = "general",
                Images = Helpers.PrePulledImages,
                Count = 3,
                Zones = ["zone-a", "zone-b", "zone-c"],
                Capacity = new() { ["cpu"] = Quantity.Parse("4"), ["memory"] = Quantity.Parse("16Gi"), ["pods"] = Quantity.Parse("110") },
            },
        ],
    };
}
