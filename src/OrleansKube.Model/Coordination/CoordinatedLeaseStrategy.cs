namespace OrleansKube.Model.Coordination;

/// <summary>How coordinated leader election picks a lease's holder.</summary>
public enum CoordinatedLeaseStrategy
{
    OldestEmulationVersion,
}
