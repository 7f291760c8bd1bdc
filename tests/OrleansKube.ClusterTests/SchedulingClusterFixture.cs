using OrleansKube.Control.Scheduling.Configuration;
using OrleansKube.Manifests.Profiles;
using OrleansKube.Model.Resources;

namespace OrleansKube.ClusterTests;

/// <summary>
/// The seeds' GPU cluster: 9 plain nodes and 6 GPU nodes tainted <c>gpu=true:NoSchedule</c>, the default
/// scheduler split over 2 shards, and a second profile, <c>my-scheduler</c>.
/// </summary>
public sealed class SchedulingClusterFixture : ClusterFixture
{
    public const string CustomScheduler = "my-scheduler";

    protected override ClusterProfile ClusterProfile { get; } = new()
    {
        Name = "gpu-cluster",
        Pools =
        [
            new NodePool
            {
                Name = "plain", Count = 9, Zones = ["zone-a", "zone-b", "zone-c"],
                Images = Helpers.PrePulledImages,
                Capacity = new() { ["cpu"] = Quantity.Parse("4"), ["memory"] = Quantity.Parse("16Gi"), ["pods"] = Quantity.Parse("110") },
            },
            new NodePool
            {
                Name = "gpu", Count = 6, Zones = ["zone-a", "zone-b", "zone-c"],
                Images = Helpers.PrePulledImages,
                Capacity = new() { ["cpu"] = Quantity.Parse("8"), ["memory"] = Quantity.Parse("32Gi"), ["pods"] = Quantity.Parse("110"), ["nvidia.com/gpu"] = Quantity.Parse("1") },
                Labels = new() { ["accelerator"] = "gpu" },
                Taints = [new Taint { Key = "gpu", Value = "true", Effect = TaintEffect.NoSchedule }],
            },
        ],
    };

    protected override SchedulerConfiguration SchedulerConfiguration { get; } = new()
    {
        Profiles =
        [
            new ProfileConfiguration { SchedulerName = "default-scheduler", Shards = 2 },
            new ProfileConfiguration { SchedulerName = CustomScheduler, Shards = 1 },
        ],
    };
}
