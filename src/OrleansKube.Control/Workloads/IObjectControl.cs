namespace OrleansKube.Control.Workloads;

/// <summary>
/// A controller's side effects: its writes to the API and its events. Grains implement it with grain calls;
/// reconciler tests with a recording fake.
/// </summary>
public interface IObjectControl
{
    /// <summary>Creates the object (a generateName is resolved); returns it as stored. Throws on refusal.</summary>
    Task<KubeObject> CreateAsync(KubeObject obj);

    /// <summary>
    /// Creates the objects of one batch (a pass's pods), each on its own: returns, in order, each one as stored or why
    /// it was refused. By default one <see cref="CreateAsync"/> each, side by side; the grains make it one API call.
    /// The objects are handed over (new objects nothing else holds: the API finishes them in place).
    /// </summary>
    async Task<List<(KubeObject? Created, Exception? Error)>> CreateBatchAsync(IReadOnlyList<KubeObject> objects)
    {
        var creates = objects.Select(CreateAsync).ToList();
        try
        {
            await Task.WhenAll(creates);
        }
        catch (Exception)
        {
            // Each one's outcome is read below.
        }

        return [.. creates.Select(t => t.IsCompletedSuccessfully ? ((KubeObject?)t.Result, (Exception?)null) : (null, t.Exception?.InnerException ?? t.Exception))];
    }

    /// <summary>Updates spec and metadata with optimistic concurrency; returns it as stored.</summary>
    Task<KubeObject> UpdateAsync(KubeObject obj);

    /// <summary>Writes the status subresource (for Deployments also the annotations); returns it as stored.</summary>
    Task<KubeObject> UpdateStatusAsync(KubeObject obj);

    /// <summary>Reads an object as stored now (null when it does not exist).</summary>
    Task<KubeObject?> GetAsync(KindInfo kind, string ns, string name);

    /// <summary>Deletes the object (pods gracefully).</summary>
    Task DeleteAsync(KubeObject obj);

    void RecordEvent(KubeObject involved, string type, string reason, string message);

    /// <summary>Several events about one object at once (a batch's SuccessfulCreate events); the grains send them in one call.</summary>
    void RecordEvents(KubeObject involved, IReadOnlyList<(string Type, string Reason, string Message)> events)
    {
        foreach (var (type, reason, message) in events)
        {
            RecordEvent(involved, type, reason, message);
        }
    }
}
