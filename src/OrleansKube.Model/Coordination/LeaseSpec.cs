using System.Text.Json.Serialization;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Model.Coordination;

public sealed record LeaseSpec
{
    public string? HolderIdentity { get; set; }

    public int? LeaseDurationSeconds { get; set; }

    [JsonConverter(typeof(KubeMicroTimeConverter))]
    public DateTimeOffset? AcquireTime { get; set; }

    [JsonConverter(typeof(KubeMicroTimeConverter))]
    public DateTimeOffset? RenewTime { get; set; }

    public int? LeaseTransitions { get; set; }

    /// <summary>Stored and returned as written: no coordinated leader election runs.</summary>
    public CoordinatedLeaseStrategy? Strategy { get; set; }

    public string? PreferredHolder { get; set; }
}
