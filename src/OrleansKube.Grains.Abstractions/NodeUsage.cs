namespace OrleansKube.Grains.Abstractions;

/// <summary>What a kubelet has admitted: its pods and the resources they request (cpu in millicores).</summary>
[GenerateSerializer]
[Alias("OrleansKube.NodeUsage")]
[Immutable]
public sealed record NodeUsage(
    [property: Id(0)] string NodeName,
    [property: Id(1)] Dictionary<string, long> Requested,
    [property: Id(2)] List<string> PodKeys);
