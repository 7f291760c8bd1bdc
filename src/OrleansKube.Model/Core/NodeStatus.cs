namespace OrleansKube.Model.Core;

public sealed record NodeStatus
{
    public Dictionary<string, Quantity>? Capacity { get; set; }

    public Dictionary<string, Quantity>? Allocatable { get; set; }

    public string? Phase { get; set; }

    public List<NodeCondition>? Conditions { get; set; }

    public List<NodeAddress>? Addresses { get; set; }

    public NodeDaemonEndpoints? DaemonEndpoints { get; set; }

    public NodeSystemInfo? NodeInfo { get; set; }

    public List<ContainerImage>? Images { get; set; }

    public List<string>? VolumesInUse { get; set; }

    public List<AttachedVolume>? VolumesAttached { get; set; }

    public NodeConfigStatus? Config { get; set; }

    public List<NodeRuntimeHandler>? RuntimeHandlers { get; set; }

    public NodeFeatures? Features { get; set; }
}
