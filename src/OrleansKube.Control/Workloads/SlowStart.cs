namespace OrleansKube.Control.Workloads;

/// <summary>
/// Upstream's slowStartBatch: creates go in batches of 1, 2, 4 … and stop at the first batch with a failure, so a
/// controller whose creates all fail (quota, an invalid template) makes one failing call, not hundreds.
/// </summary>
public static class SlowStart
{
    public const int InitialBatchSize = 1;

    /// <summary>The batch sizes for <paramref name="count"/> creates when none fails: 1, 2, 4 … and the remainder.</summary>
    public static IEnumerable<int> Batches(int count)
    {
        var remaining = count;
        for (var batch = Math.Min(remaining, InitialBatchSize); batch > 0; batch = Math.Min(2 * batch, remaining))
        {
            yield return batch;
            remaining -= batch;
        }
    }
}
