using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Objects;

/// <summary>Records core/v1 Events about an object, named as upstream names them (<c>{object}.{hex}</c>).</summary>
public static class EventRecorder
{
    private static long _sequence;

    public static Task RecordAsync(IGrainFactory factory, KubeObject involved, string type, string reason, string message, string component, string? host, DateTimeOffset now)
    {
        // Events live in their index shard only (no grain each) and are sent one-way: recording never holds up
        // the component. Two events with the same name keep the first, as upstream's recorder drops a duplicate.
        var ev = Build(involved, Reference(involved), new EventSource { Component = component, Host = host }, type, reason, message, component, host, now);
        return factory.Get<IObjectIndexGrain>(IndexKey.Of(ObjectKey.Of(ev)).ToString()).AddAsync(((KubeObject)ev).AsImmutable());
    }

    /// <summary>Several events about one object at one moment (a container pulled, created and started): one call to their shard.</summary>
    public static Task RecordManyAsync(IGrainFactory factory, KubeObject involved, IReadOnlyList<(string Type, string Reason, string Message)> events, string component, string? host, DateTimeOffset now)
    {
        if (events.Count <= 1)
        {
            return events.Count == 0 ? Task.CompletedTask : RecordAsync(factory, involved, events[0].Type, events[0].Reason, events[0].Message, component, host, now);
        }

        // The events of one batch share their involved object's reference and their source (immutable once stored).
        var reference = Reference(involved);
        var source = new EventSource { Component = component, Host = host };
        var built = new List<KubeObject>(events.Count);
        foreach (var (type, reason, message) in events)
        {
            built.Add(Build(involved, reference, source, type, reason, message, component, host, now));
        }

        return factory.Get<IObjectIndexGrain>(IndexKey.Of(ObjectKey.Of(built[0])).ToString()).AddManyAsync(built.AsImmutable());
    }

    private static ObjectReference Reference(KubeObject involved)
    {
        var kind = Kinds.Of(involved);
        return new ObjectReference
        {
            ApiVersion = kind.ApiVersion,
            Kind = kind.Kind,
            Namespace = involved.Metadata.Namespace,
            Name = involved.Metadata.Name,
            Uid = involved.Metadata.Uid,
            ResourceVersion = involved.Metadata.ResourceVersion,
        };
    }

    private static Event Build(KubeObject involved, ObjectReference reference, EventSource source, string type, string reason, string message, string component, string? host, DateTimeOffset now)
    {
        var ns = involved.Metadata.Namespace is { Length: > 0 } n ? n : "default";
        var name = $"{involved.Metadata.Name}.{(now.ToUnixTimeMilliseconds() * 1000) + (Interlocked.Increment(ref _sequence) % 1000):x}";
        var ev = new Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new ObjectMeta { Name = name, Namespace = ns },
            InvolvedObject = reference,
            Type = type,
            Reason = reason,
            Message = message,
            Source = source,
            ReportingComponent = component,
            ReportingInstance = host,
            Count = 1,
        };
        ev.FirstTimestamp = ev.LastTimestamp = ObjectLifecycle.TruncateToSeconds(now);
        ObjectLifecycle.PrepareCreate(ev, now, Guid.NewGuid().ToString());
        return ev;
    }
}
