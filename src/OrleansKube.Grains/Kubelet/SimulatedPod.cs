using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Grains.Kubelet;

/// <summary>A pod as its kubelet runs it: what it holds of the node and when its containers start.</summary>
internal sealed class SimulatedPod(Pod pod, Resource requests, string podIP, DateTimeOffset acceptedAt, DateTimeOffset startsAt)
{
    public Pod Pod { get; set; } = pod;

    public Resource Requests { get; } = requests;

    public string PodIP { get; } = podIP;

    public DateTimeOffset AcceptedAt { get; } = acceptedAt;

    /// <summary>When the containers are due to run; null once they do.</summary>
    public DateTimeOffset? StartsAt { get; set; } = startsAt;
}
