using System.Buffers;
using System.Text.Json;
using OrleansKube.Model.Apps;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Control.Workloads;

/// <summary>
/// Whether a computed status differs from the stored one (status types hold lists, so record equality will not do): by
/// their JSON, of their runtime types (a <c>T</c> of object compares whatever status it holds); the same instance is the same.
/// The statuses compared on every controller pass (ReplicaSet, Deployment) and string maps (annotations, labels) are
/// compared field by field, as their JSON would be (a list and an absent one differ; times by their instant); the rest
/// are written to two buffers kept per thread and compared byte by byte.
/// </summary>
public static class StatusComparison
{
    [ThreadStatic]
    private static Buffers? _buffers;

    public static bool Same<T>(T? stored, T? computed)
        where T : class =>
        ReferenceEquals(stored, computed) || (stored, computed) switch
        {
            (null, _) or (_, null) => false,
            (ReplicaSetStatus a, ReplicaSetStatus b) => a.Replicas == b.Replicas && a.FullyLabeledReplicas == b.FullyLabeledReplicas
                && a.ReadyReplicas == b.ReadyReplicas && a.AvailableReplicas == b.AvailableReplicas
                && a.ObservedGeneration == b.ObservedGeneration && SameItems(a.Conditions, b.Conditions),
            (DeploymentStatus a, DeploymentStatus b) => a.ObservedGeneration == b.ObservedGeneration && a.Replicas == b.Replicas
                && a.UpdatedReplicas == b.UpdatedReplicas && a.ReadyReplicas == b.ReadyReplicas && a.AvailableReplicas == b.AvailableReplicas
                && a.UnavailableReplicas == b.UnavailableReplicas && a.CollisionCount == b.CollisionCount && SameItems(a.Conditions, b.Conditions),
            (Dictionary<string, string> a, Dictionary<string, string> b) => SameMap(a, b),
            _ => SameJson(stored, computed),
        };

    /// <summary>Lists of records with no collections inside (conditions): item by item, by record equality.</summary>
    private static bool SameItems<TItem>(List<TItem>? a, List<TItem>? b)
        where TItem : IEquatable<TItem>
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!a[i].Equals(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameMap(Dictionary<string, string> a, Dictionary<string, string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameJson(object stored, object computed)
    {
        var buffers = _buffers ??= new Buffers();
        try
        {
            return buffers.Write(buffers.First, buffers.FirstWriter, stored).SequenceEqual(buffers.Write(buffers.Second, buffers.SecondWriter, computed));
        }
        finally
        {
            buffers.Clear();
        }
    }

    private sealed class Buffers
    {
        public ArrayBufferWriter<byte> First { get; } = new(1024);

        public ArrayBufferWriter<byte> Second { get; } = new(1024);

        public Utf8JsonWriter FirstWriter { get; }

        public Utf8JsonWriter SecondWriter { get; }

        public Buffers()
        {
            FirstWriter = new Utf8JsonWriter(First);
            SecondWriter = new Utf8JsonWriter(Second);
        }

        public ReadOnlySpan<byte> Write(ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer, object value)
        {
            JsonSerializer.Serialize(writer, value, value.GetType(), KubeJson.Options);
            writer.Flush();
            return buffer.WrittenSpan;
        }

        public void Clear()
        {
            First.ResetWrittenCount();
            Second.ResetWrittenCount();
            FirstWriter.Reset(First);
            SecondWriter.Reset(Second);
        }
    }
}
