using System.Text.Json.Serialization;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Model.Core;

/// <summary>How often a recurring event has been seen (events.k8s.io style; stored as written).</summary>
public sealed record EventSeries
{
    public int? Count { get; set; }

    [JsonConverter(typeof(KubeMicroTimeConverter))]
    public DateTimeOffset? LastObservedTime { get; set; }
}
