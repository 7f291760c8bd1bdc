namespace OrleansKube.Grains.Hosting;

/// <summary>What a silo knows of the store that keeps its cluster's objects.</summary>
public enum StoreState
{
    /// <summary>The store answers and still holds this cluster (always so without a durable store).</summary>
    Ok,

    /// <summary>The store did not answer the last time it was asked; it may come back with everything in it.</summary>
    Unreachable,

    /// <summary>The store answers but no longer holds this cluster (emptied, or taken over): nothing it held can be trusted, and the silo stays so until restarted.</summary>
    Lost,
}
