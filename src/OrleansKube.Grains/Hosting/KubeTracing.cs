using System.Diagnostics;

namespace OrleansKube.Grains.Hosting;

/// <summary>
/// Traces: one per pod's life — a root span from its creation to its readiness, with a child per stage (schedule:
/// creation → bind; start: bind → Running; ready: Running → Ready). Calls the pod grain makes while a stage runs
/// carry the trace to the scheduler and kubelet grains (Orleans activity propagation). Sampling is the tracer
/// provider's: an unsampled pod gets no activity and costs nothing.
/// </summary>
public static class KubeTracing
{
    public const string SourceName = "OrleansKube";
    public const string ServiceName = "orleanskube";
    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts a pod's life as a trace of its own (linked to the call that created it); null when not sampled.</summary>
    public static Activity? StartPodLife(string ns, string name, DateTimeOffset created)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var caller = Activity.Current;
        Activity.Current = null; // a root: each pod's life is its own trace
        try
        {
            var life = Source.StartActivity($"pod {ns}/{name}", ActivityKind.Internal, default(ActivityContext), links: caller is null ? null : [new ActivityLink(caller.Context)], startTime: created);
            life?.SetTag("k8s.namespace.name", ns).SetTag("k8s.pod.name", name);
            return life;
        }
        finally
        {
            Activity.Current = caller;
        }
    }

    /// <summary>Records a finished stage of a pod's life, from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public static void Stage(Activity? life, string name, DateTimeOffset start, DateTimeOffset end, string? node = null)
    {
        if (life is null)
        {
            return;
        }

        var stage = Source.StartActivity(name, ActivityKind.Internal, life.Context, startTime: start);
        if (stage is not null)
        {
            stage.SetTag("k8s.node.name", node);
            stage.SetEndTime(end.UtcDateTime);
            stage.Stop();
        }
    }

    /// <summary>
    /// Makes the pod's life the current activity for the rest of the calling async method (and only it: an async
    /// method's changes to async-local state go back with it), so the grain calls it makes join the trace.
    /// </summary>
    public static void Enter(Activity? life)
    {
        if (life is not null)
        {
            Activity.Current = life;
        }
    }

    /// <summary>Ends a pod's life span (readiness, or deletion first).</summary>
    public static void End(Activity? life, DateTimeOffset end, string? error = null)
    {
        if (life is null)
        {
            return;
        }

        if (error is not null)
        {
            life.SetStatus(ActivityStatusCode.Error, error);
        }

        life.SetEndTime(end.UtcDateTime);
        life.Stop();
    }
}
