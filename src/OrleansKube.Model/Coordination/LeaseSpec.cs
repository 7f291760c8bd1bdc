namespace OrleansKube.Model.Coordination;

public sealed record LeaseSpec
{
    public string? HolderIdentity { get; set; }

    public int? LeaseDurationSeconds { get; set; }

    public DateTimeOffset? AcquireTime { get; set; }

    public DateTimeOffset? RenewTime { get; set; }

    public int? LeaseTransitions { get; set; }
}
