using System.Text.Json;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Control.Workloads;

/// <summary>Whether a computed status differs from the stored one (status types hold lists, so record equality will not do).</summary>
public static class StatusComparison
{
    public static bool Same<T>(T? stored, T? computed)
        where T : class =>
        JsonSerializer.Serialize(stored, KubeJson.Options) == JsonSerializer.Serialize(computed, KubeJson.Options);
}
