using OrleansKube.Control.Kubelet;
using OrleansKube.Control.Workloads.Disruption;
using OrleansKube.Grains.Abstractions.Watching;
using OrleansKube.Grains.Objects;
using OrleansKube.Model.Policy;

namespace OrleansKube.Grains.Api;

/// <summary>The pod subresources a client reaches through the API: binding, eviction and log.</summary>
public sealed partial class ApiGrain
{
    private const string MirrorAnnotation = "kubernetes.io/config.mirror";

    // Upstream's EvictionsRetry: conflicts on the budget's status (another eviction, the controller's pass) are tried again.
    private const int EvictionAttempts = 20;

    /// <summary>
    /// The eviction subresource: the budgets of the pod's namespace decide (<see cref="EvictionCheck"/>); a granted
    /// disruption is charged to the budget's status by a write conditional on its resourceVersion, so of two evictions
    /// racing for the last allowed disruption one conflicts, reads the charged budget and is refused.
    /// </summary>
    public async Task EvictAsync(string ns, string name, long? gracePeriodSeconds)
    {
        var grain = ObjectGrains.Pod(GrainFactory, ns, name);
        for (var attempt = 1; ; attempt++)
        {
            var pod = await grain.GetAsync() as Pod ?? throw new ApiException(ApiError.NotFound(Kinds.Pod, name));
            if (!EvictionCheck.CanIgnoreBudgets(pod))
            {
                var budgets = (await ListCachedAsync(Kinds.PodDisruptionBudget, new CacheQuery(ns, null, null, null, null))).Cast<PodDisruptionBudget>();
                var verdict = EvictionCheck.Decide(pod, budgets, clock.Time.GetUtcNow());
                if (verdict.Error is { } refused)
                {
                    throw new ApiException(refused);
                }

                if (verdict.Budget is { } charged)
                {
                    try
                    {
                        await ObjectStore.For(GrainFactory, ObjectKey.For(Kinds.PodDisruptionBudget, ns, charged.Metadata.Name!)).UpdateStatusAsync(charged);
                    }
                    catch (ApiException e) when (e.Reason == ApiErrorReason.Conflict && attempt < EvictionAttempts)
                    {
                        continue;
                    }
                }
            }

            await grain.EvictAsync(gracePeriodSeconds);
            return;
        }
    }

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
