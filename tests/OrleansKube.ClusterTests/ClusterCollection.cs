namespace OrleansKube.ClusterTests;

/// <summary>The cluster tests share one silo (starting one costs seconds on two cores); each test uses its own namespace.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
