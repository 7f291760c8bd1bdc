using System.Text.Json;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Control.Workloads;

/// <summary>
/// Whether a computed status differs from the stored one (status types hold lists, so record equality will not do): by
/// their JSON, of their runtime types (a <c>T</c> of object compares whatever status it holds); the same instance is the same.
/// </summary>
public static class StatusComparison
{
    public static bool Same<T>(T? stored, T? computed)
        where T : class =>
        ReferenceEquals(stored, computed) || JsonSerializer.Serialize(stored, KubeJson.Options) == JsonSerializer.Serialize(computed, KubeJson.Options);
}
