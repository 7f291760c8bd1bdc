using OrleansKube.Control.Kubelet;
using OrleansKube.Grains.Objects;

namespace OrleansKube.Grains.Api;

/// <summary>The pod subresources a client reaches through the API: binding and log.</summary>
public sealed partial class ApiGrain
{
    private const string MirrorAnnotation = "kubernetes.io/config.mirror";

    public async Task BindAsync(string ns, string podName, string nodeName)
    {
        var grain = ObjectGrains.Pod(GrainFactory, ns, podName);
        var pod = await grain.GetAsync() as Pod ?? throw new ApiException(ApiError.NotFound(Kinds.Pod, podName));
        if (string.IsNullOrEmpty(pod.Spec.NodeName) && await ObjectGrains.Node(GrainFactory, nodeName).GetAsync() is null)
        {
            // The scheduler binds to nodes its cache holds; a client may name any.
            throw new ApiException(ApiError.NotFound(Kinds.Node, nodeName));
        }

        await grain.BindAsync(nodeName, pod.Spec.SchedulerName ?? "default-scheduler");
    }

    public async Task<string> GetLogAsync(string ns, string name, string? container = null, long? tailLines = null, bool previous = false, bool timestamps = false, long? sinceSeconds = null, long? limitBytes = null)
    {
        var pod = await ObjectGrains.Pod(GrainFactory, ns, name).GetAsync() as Pod ?? throw new ApiException(ApiError.NotFound(Kinds.Pod, name));
        var request = new PodLogRequest(container, tailLines, previous, timestamps, sinceSeconds, limitBytes);
        // A control-plane mirror pod's container says what its silo's control plane did.
        var told = pod.Metadata.Annotations?.ContainsKey(MirrorAnnotation) == true
            ? await GrainFactory.GetGrain<IControlPlaneLogGrain>($"{ns}/{name}").ReadAsync()
            : null;
        return PodLogs.TryRead(pod, request, clock.Time.GetUtcNow(), told, out var text) is { } refused ? throw new ApiException(refused) : text;
    }
}
