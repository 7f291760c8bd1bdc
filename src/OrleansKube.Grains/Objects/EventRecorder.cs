using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Objects;

/// <summary>Records core/v1 Events about an object, named as upstream names them (<c>{object}.{hex}</c>).</summary>
public static class EventRecorder
{
    private static long _sequence;

    public static async Task RecordAsync(IGrainFactory factory, KubeObject involved, string type, string reason, string message, string component, string? host, DateTimeOffset now)
    {
        var kind = Kinds.Of(involved);
        var ns = involved.Metadata.Namespace is { Length: > 0 } n ? n : "default";
        var name = $"{involved.Metadata.Name}.{(now.ToUnixTimeMilliseconds() * 1000) + (Interlocked.Increment(ref _sequence) % 1000):x}";
        var ev = new Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new ObjectMeta { Name = name, Namespace = ns },
            InvolvedObject = new ObjectReference
            {
                ApiVersion = kind.ApiVersion,
                Kind = kind.Kind,
                Namespace = involved.Metadata.Namespace,
                Name = involved.Metadata.Name,
                Uid = involved.Metadata.Uid,
                ResourceVersion = involved.Metadata.ResourceVersion,
            },
            Type = type,
            Reason = reason,
            Message = message,
            Source = new EventSource { Component = component, Host = host },
            ReportingComponent = component,
            ReportingInstance = host,
            Count = 1,
        };
        ev.FirstTimestamp = ev.LastTimestamp = ObjectLifecycle.TruncateToSeconds(now);
        ObjectLifecycle.PrepareCreate(ev, now, Guid.NewGuid().ToString());

        // Events live in their index shard only (no grain each) and are sent one-way: recording never holds up
        // the component. Two events with the same name keep the first, as upstream's recorder drops a duplicate.
        await factory.Get<IObjectIndexGrain>(IndexKey.Of(ObjectKey.Of(ev)).ToString()).AddAsync(((KubeObject)ev).AsImmutable());
    }
}
