using OrleansKube.Control.Scheduling.Configuration;
using OrleansKube.Manifests.Profiles;
using OrleansKube.Model.Resources;

namespace OrleansKube.ClusterTests;

/// <summary>Twelve nodes over three zones, the default scheduler split over four shards: rules over zones span shards.</summary>
public sealed class ShardedClusterFixture : ClusterFixture
{
    public const int Shards = 4;

    protected override ClusterProfile ClusterProfile { get; } = new()
    {
        Name = "sharded",
        Pools =
        [
            new NodePool
            {
                Name = "zoned", Count = 12, Zones = ["zone-a", "zone-b", "zone-c"],
                Images = Helpers.PrePulledImages,
                Capacity = new() { ["cpu"] = Quantity.Parse("8"), ["memory"] = Quantity.Parse("16Gi"), ["pods"] = Quantity.Parse("110") },
            },
        ],
    };

    protected override SchedulerConfiguration SchedulerConfiguration { get; } = new()
    {
        Profiles = [new ProfileConfiguration { SchedulerName = "default-scheduler", Shards = Shards }],
    };
}
