namespace OrleansKube.Grains.Abstractions;

/// <summary>The replication manager (upstream's name for the ReplicationController's controller) of one ReplicationController.</summary>
[Alias("OrleansKube.IReplicationManagerGrain")]
public interface IReplicationManagerGrain : IControllerGrain
{
}
