using System.Text.Json.Serialization;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Model.Core;

public sealed record Event : KubeObject
{
    public ObjectReference InvolvedObject { get; set; } = new();

    public string? Reason { get; set; }

    public string? Message { get; set; }

    public EventSource? Source { get; set; }

    public DateTimeOffset? FirstTimestamp { get; set; }

    public DateTimeOffset? LastTimestamp { get; set; }

    public int? Count { get; set; }

    public string? Type { get; set; }

    [JsonConverter(typeof(KubeMicroTimeConverter))]
    public DateTimeOffset? EventTime { get; set; }

    public EventSeries? Series { get; set; }

    public string? Action { get; set; }

    public ObjectReference? Related { get; set; }

    public string? ReportingComponent { get; set; }

    public string? ReportingInstance { get; set; }
}
