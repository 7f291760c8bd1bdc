using OrleansKube.Control.Kubelet;
using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Grains.Kubelet;

/// <summary>A pod as its kubelet runs it: the runtime and what it holds of the node while it may run.</summary>
internal sealed class SimulatedPod(PodRuntime runtime, Resource requests)
{
    public PodRuntime Runtime { get; } = runtime;

    public Resource Requests { get; } = requests;

    /// <summary>Admitted, and its status not yet reported (the node's next sync reports it).</summary>
    public bool Unreported { get; set; }

    /// <summary>Its resources were given back (the pod finished: Succeeded or Failed).</summary>
    public bool Released { get; set; }

    /// <summary>The images it pulled are listed in node status.</summary>
    public bool ImagesRecorded { get; set; }

    /// <summary>When the pod first met NoExecute taints it tolerates only for a while (null: it has not).</summary>
    public DateTimeOffset? TaintedSince { get; set; }

    /// <summary>When the taint manager evicts it (null: it may stay).</summary>
    public DateTimeOffset? EvictAt { get; set; }
}
