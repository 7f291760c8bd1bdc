namespace OrleansKube.Control.Workloads;

/// <summary>
/// A controller's side effects: its writes to the API and its events. Grains implement it with grain calls;
/// reconciler tests with a recording fake.
/// </summary>
public interface IObjectControl
{
    /// <summary>Creates the object (a generateName is resolved); returns it as stored. Throws on refusal.</summary>
    Task<KubeObject> CreateAsync(KubeObject obj);

    /// <summary>Updates spec and metadata with optimistic concurrency; returns it as stored.</summary>
    Task<KubeObject> UpdateAsync(KubeObject obj);

    /// <summary>Writes the status subresource (for Deployments also the annotations); returns it as stored.</summary>
    Task<KubeObject> UpdateStatusAsync(KubeObject obj);

    /// <summary>Reads an object as stored now (null when it does not exist).</summary>
    Task<KubeObject?> GetAsync(KindInfo kind, string ns, string name);

    /// <summary>Deletes the object (pods gracefully).</summary>
    Task DeleteAsync(KubeObject obj);

    void RecordEvent(KubeObject involved, string type, string reason, string message);
}
