using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using OrleansKube.Grains.Abstractions.Watching;
using OrleansKube.Model.Caching;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Api.Handling;

/// <summary>
/// Watch event lines (<c>{"type":"ADDED","object":{…}}</c>) with each object serialized once for all the watches of
/// this front: the watch caches hand every watch the same object instances, so watchers of one kind share the JSON
/// instead of each serializing every change. Only recent objects are kept (watches read the same recent changes), in a
/// direct-mapped table keyed by the object's identity: a lookup takes no lock, and an object whose slot was taken by
/// a later one is serialized again.
/// </summary>
internal static class WatchLines
{
    private static readonly RecentValues<KubeObject, byte[]> Recent = new(8_192, ReferenceEqualityComparer.Instance);

    /// <summary>The watch's escaping, as a <c>JsonObject</c> written with <see cref="HttpJson.Relaxed"/> has it.</summary>
    private static readonly JsonSerializerOptions Options = new(KubeJson.Options) { Encoder = HttpJson.Relaxed.Encoder };

    public static void Write(PipeWriter pipe, WatchEventType type, KubeObject obj)
    {
        pipe.Write(type switch
        {
            WatchEventType.Added => "{\"type\":\"ADDED\",\"object\":"u8,
            WatchEventType.Modified => "{\"type\":\"MODIFIED\",\"object\":"u8,
            _ => "{\"type\":\"DELETED\",\"object\":"u8,
        });
        pipe.Write(Json(obj));
        pipe.Write("}\n"u8);
    }

    /// <summary>The object's JSON in its upstream shape (apiVersion and kind set).</summary>
    public static byte[] Json(KubeObject obj)
    {
        return Recent.GetOrAdd(obj, 0, static (o, _) => JsonSerializer.SerializeToUtf8Bytes(HttpJson.Typed(o), o.GetType(), Options));
    }
}
