namespace OrleansKube.Control.Workloads;

/// <summary>
/// Upstream's slowStartBatch: creates go in batches of 1, 2, 4 … and stop at the first batch with a failure, so a
/// controller whose creates all fail (quota, an invalid template) makes one failing call, not hundreds.
/// </summary>
public static class SlowStart
{
    public const int InitialBatchSize = 1;

    /// <summary>Runs <paramref name="create"/> <paramref name="count"/> times; returns how many succeeded and the first error.</summary>
    public static async Task<(int Succeeded, Exception? Error)> RunAsync(int count, Func<int, Task> create)
    {
        var succeeded = 0;
        var remaining = count;
        var started = 0;
        for (var batch = Math.Min(remaining, InitialBatchSize); batch > 0; batch = Math.Min(2 * batch, remaining))
        {
            var tasks = new Task[batch];
            for (var i = 0; i < batch; i++)
            {
                tasks[i] = create(started++);
            }

            try
            {
                await Task.WhenAll(tasks);
            }
            catch (Exception)
            {
                // Counted below: every task has finished.
            }

            succeeded += tasks.Count(t => t.IsCompletedSuccessfully);
            if (tasks.FirstOrDefault(t => !t.IsCompletedSuccessfully) is { } failed)
            {
                return (succeeded, failed.Exception?.InnerException ?? failed.Exception);
            }

            remaining -= batch;
        }

        return (succeeded, null);
    }

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
