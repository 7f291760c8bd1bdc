namespace OrleansKube.Control.Workloads;

/// <summary>
/// Creating and deleting a controller's pods as upstream's controllers do: expectations set before the writes,
/// creates in slow-start batches (failed and skipped ones no longer expected), a SuccessfulCreate/SuccessfulDelete
/// event per pod and a FailedCreate/FailedDelete event on error.
/// </summary>
public sealed class PodControl(IObjectControl control, ControllerExpectations expectations)
{
    /// <summary>Creates <paramref name="count"/> pods made by <paramref name="make"/>; returns those created and the first error.</summary>
    public async Task<(List<Pod> Created, string? Error)> CreateAsync(KubeObject owner, int count, Func<int, Pod> make, DateTimeOffset now)
    {
        var created = new List<Pod>();
        if (count <= 0)
        {
            return (created, null);
        }

        expectations.ExpectCreations(count, now);

        // Upstream's slow start (batches of 1, 2, 4 …, none after a batch with a failure); a batch is one call.
        var succeeded = 0;
        Exception? error = null;
        var next = 0;
        foreach (var size in SlowStart.Batches(count))
        {
            var batch = Enumerable.Range(next, size).Select(i => (KubeObject)make(i)).ToList();
            next += size;
            foreach (var (pod, failure) in await control.CreateBatchAsync(batch))
            {
                if (pod is not null)
                {
                    created.Add((Pod)pod);
                    succeeded++;
                    control.RecordEvent(owner, "Normal", "SuccessfulCreate", $"Created pod: {pod.Metadata.Name}");
                }
                else
                {
                    error ??= failure;
                }
            }

            if (error is not null)
            {
                break;
            }
        }

        // Failed and skipped creates will never be observed.
        for (var i = succeeded; i < count; i++)
        {
            expectations.CreationObserved();
        }

        if (error is null)
        {
            return (created, null);
        }

        control.RecordEvent(owner, "Warning", "FailedCreate", $"Error creating: {error.Message}");
        return (created, error.Message);
    }

    /// <summary>Deletes <paramref name="pods"/> (gracefully); returns the first error.</summary>
    public async Task<string?> DeleteAsync(KubeObject owner, IReadOnlyList<Pod> pods, DateTimeOffset now)
    {
        if (pods.Count == 0)
        {
            return null;
        }

        expectations.ExpectDeletions(pods.Select(p => p.Metadata.Name!), now);
        string? error = null;
        await Task.WhenAll(pods.Select(async pod =>
        {
            try
            {
                await control.DeleteAsync(pod);
                control.RecordEvent(owner, "Normal", "SuccessfulDelete", $"Deleted pod: {pod.Metadata.Name}");
            }
            catch (Exception e)
            {
                expectations.DeletionObserved(pod.Metadata.Name!);
                control.RecordEvent(owner, "Warning", "FailedDelete", $"Error deleting: {e.Message}");
                error ??= e.Message;
            }
        }));
        return error;
    }
}
