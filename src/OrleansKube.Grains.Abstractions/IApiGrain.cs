using OrleansKube.Model.Meta;

namespace OrleansKube.Grains.Abstractions;

/// <summary>The API front: what kubectl asks of an API server, for okctl, load tests and bootstrapping.</summary>
[Alias("OrleansKube.IApiGrain")]
public interface IApiGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Stores a batch all-or-nothing as far as checks go: every object is validated, its namespace checked and (for create)
    /// its absence checked before anything is written. A refusal while writing (a taken NodePort, a stale resourceVersion)
    /// throws, leaving the objects written before it; with <paramref name="perObject"/> it fails only its own object, as
    /// kubectl's apply does: the others are written and their outcomes say which failed (<see cref="ApplyOutcome.Failed"/>).
    /// </summary>
    [Alias("Apply")]
    Task<List<ApplyOutcome>> ApplyAsync(List<KubeObject> objects, ApplyMode mode, bool perObject = false);

    /// <summary>Creates one object with the checks of <see cref="ApplyAsync"/> (a generateName is resolved); returns it as stored.</summary>
    [Alias("Create")]
    Task<KubeObject> CreateAsync(KubeObject obj);

    /// <summary>
    /// Creates a batch of objects of one namespace (a controller's pods of one pass) in one call: each is admitted and
    /// written on its own (the namespace and the PriorityClasses read once for all), and each one's outcome comes back,
    /// in order. The objects are handed over: admitted in place, without the copy <see cref="CreateAsync"/> makes.
    /// </summary>
    [Alias("CreateBatch")]
    Task<List<CreateResult>> CreateBatchAsync(List<HandedOver> objects);

    [Alias("Get")]
    Task<KubeObject?> GetAsync(string kind, string? ns, string name);

    [Alias("List")]
    Task<List<KubeObject>> ListAsync(ListQuery query);

    /// <summary>How many objects <see cref="ListAsync"/> would return, without returning them (load-test progress).</summary>
    [Alias("Count")]
    Task<int> CountAsync(ListQuery query);

    [Alias("Update")]
    Task<KubeObject> UpdateAsync(KubeObject obj);

    /// <summary>The cluster's time (the simulation clock, which <c>--time-scale</c> runs ahead of the wall clock): what AGE columns count from.</summary>
    [Alias("Now")]
    Task<DateTimeOffset> NowAsync();

    /// <summary>The Eviction subresource: a DisruptionTarget condition (EvictionByEvictionAPI), then graceful deletion.</summary>
    [Alias("Evict")]
    Task EvictAsync(string ns, string name, long? gracePeriodSeconds);

    /// <summary>Deletes an object: pods gracefully; others with <paramref name="propagation"/> (kubectl's default: Background).</summary>
    [Alias("Delete")]
    Task<KubeObject> DeleteAsync(string kind, string? ns, string name, long? gracePeriodSeconds = null, DeletionPropagation propagation = DeletionPropagation.Background);

    /// <summary>
    /// The Binding subresource (what a custom scheduler POSTs): sets spec.nodeName and PodScheduled=True, records the
    /// Scheduled event with the pod's schedulerName as reporting component, and hands the pod to the node's kubelet.
    /// 404 for a missing pod or node; 409 when the pod is already assigned or being deleted.
    /// </summary>
    [Alias("Bind")]
    Task BindAsync(string ns, string podName, string nodeName);

    /// <summary>
    /// The log subresource: a container's simulated log on the simulation clock (see <c>PodLogs</c>). Refusals as
    /// upstream's: 400 for an unknown or unnamed container (of several), or one still waiting to start; 404 for a missing pod.
    /// </summary>
    [Alias("GetLog")]
    Task<string> GetLogAsync(string ns, string name, string? container = null, long? tailLines = null, bool previous = false, bool timestamps = false, long? sinceSeconds = null, long? limitBytes = null);
}
