using Microsoft.Extensions.Options;
using OrleansKube.Control.Namespaces;
using OrleansKube.Control.Storage;
using OrleansKube.Control.Watching;
using OrleansKube.Grains.Abstractions.Watching;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Objects;
using OrleansKube.Manifests.Defaulting;
using OrleansKube.Manifests.Validation;
using OrleansKube.Model.Networking;
using OrleansKube.Model.Scheduling;
using OrleansKube.Model.Selection;
using OrleansKube.Model.Storage;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Grains.Api;

/// <summary>
/// The API front. Batches are checked whole before anything is written (validation, namespaces,
/// existence for create), so a bad manifest stores nothing. Lists fan out to the index shards of the
/// (kind, namespace) asked for, never to every object. Every request is measured
/// (<c>okube.api.request.duration</c> by verb, resource and HTTP code).
/// </summary>
[StatelessWorker]
[Reentrant] // no state of its own: requests interleave while they wait on object grains, as an API server serves many at once
public sealed partial class ApiGrain(SimulationClock clock, NameGenerator names, KubeMetrics metrics, StoreHealth store, IOptions<OrleansKubeOptions> options, SharedReferences references) : Grain, IApiGrain, IIncomingGrainCallFilter
{
    /// <summary>Measures each request to this grain, as the API server's request_duration_seconds does.</summary>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        // A lost store: what the grains hold in memory may disagree with it, so nothing is served from them.
        if (store.Refusal() is { } refusal && context.ImplementationMethod.Name != nameof(NowAsync))
        {
            throw refusal;
        }

        if (!metrics.ApiRequestDuration.Enabled)
        {
            await context.Invoke(); // nobody listens (no exporter on this silo)
            return;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var verb = ApiRequests.Verb(context.Request);
        string code = verb == "CREATE" ? "201" : "200";
        try
        {
            await context.Invoke();
        }
        catch (ApiException e)
        {
            code = ApiRequests.Code(e.Reason);
            throw;
        }
        catch (Exception)
        {
            code = "500";
            throw;
        }
        finally
        {
            if (verb is not null)
            {
                metrics.RecordApiRequest(System.Diagnostics.Stopwatch.GetElapsedTime(started), verb, ApiRequests.Resource(context.Request), code);
            }
        }
    }

    public async Task<List<ApplyOutcome>> ApplyAsync(List<KubeObject> objects, ApplyMode mode, bool perObject = false) => (await ApplyCoreAsync(objects, mode, checkExisting: true, perObject)).Outcomes;

    /// <summary>
    /// The batch path; returns the outcomes and the objects created, as stored. Without <paramref name="checkExisting"/>
    /// (one object to create) the object's grain refuses an existing name itself, with the same AlreadyExists.
    /// With <paramref name="perObject"/>, a refusal at write time (a taken NodePort, a conflict) fails only its own
    /// object, as kubectl's apply does: the others are written and the outcomes say which failed.
    /// </summary>
    private async Task<(List<ApplyOutcome> Outcomes, List<KubeObject> Created)> ApplyCoreAsync(List<KubeObject> objects, ApplyMode mode, bool checkExisting, bool perObject = false, bool handedOver = false)
    {
        // Admission defaults and names the objects in place: on copies of its own, since what a caller sends is shared
        // with it (objects are not copied between grains of a silo), unless the caller handed them over.
        if (!handedOver)
        {
            objects = objects.ConvertAll(KubeJson.Clone);
        }

        var errors = new List<ApiError>();
        var planned = new List<(KubeObject Object, KubeObject? Existing)>();
        // Namespaces read once per batch (a create into a terminating one is refused); the batch's own may be new.
        List<PriorityClass>? priorityClasses = null;
        var serviceAccounts = new Dictionary<(string Namespace, string Name), bool>();
        var limits = new Dictionary<string, (List<LimitRange> Ranges, List<ResourceQuota> Quotas)>(StringComparer.Ordinal);
        var namespacesInBatch = objects.OfType<Namespace>().Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var storedNamespaces = new Dictionary<string, Namespace?>(StringComparer.Ordinal);
        foreach (var obj in objects)
        {
            var kind = Kinds.Of(obj);
            ObjectDefaults.ApplyNamespace(obj);
            ObjectDefaults.Apply(obj);
            if (string.IsNullOrEmpty(obj.Metadata.Name) && !string.IsNullOrEmpty(obj.Metadata.GenerateName))
            {
                if (mode == ApplyMode.Apply)
                {
                    errors.Add(new ApiError(ApiErrorReason.BadRequest, $"cannot use generate name with apply ({kind.Kind} with generateName \"{obj.Metadata.GenerateName}\")"));
                    continue;
                }

                obj.Metadata.Name = names.Generate(obj.Metadata.GenerateName);
            }

            var problems = Problems(obj);
            if (problems.Count > 0)
            {
                errors.Add(ApiError.Invalid(kind, obj.Metadata.Name ?? "", problems));
                continue;
            }

            var home = kind.Namespaced ? await StoredNamespaceAsync(obj.Metadata.Namespace!, storedNamespaces) : null;
            if (kind.Namespaced && home is null && !namespacesInBatch.Contains(obj.Metadata.Namespace!))
            {
                errors.Add(ApiError.NotFound(Kinds.Namespace, obj.Metadata.Namespace!));
                continue;
            }

            if (obj is Pod admitted)
            {
                // On every write, so re-applying the author's manifest leaves the pod unchanged.
                DefaultTolerations.Apply(admitted);
            }

            var existing = checkExisting ? await ObjectStore.For(GrainFactory, ObjectKey.Of(obj)).GetAsync() : null;
            if (existing is null && home is not null && NamespaceLifecycle.IsTerminating(home))
            {
                errors.Add(NamespaceLifecycle.CreateRefused(kind, obj.Metadata.Name!, home.Metadata.Name!));
                continue;
            }

            if (existing is Pod stored && obj is Pod incoming)
            {
                PriorityAdmission.KeepAdmitted(stored, incoming);
                ServiceAccountAdmission.KeepAdmitted(stored, incoming);
            }
            else if (existing is null && obj is Pod pod)
            {
                if (pod.Spec.EphemeralContainers is { Count: > 0 })
                {
                    // Upstream adds them only through the ephemeralcontainers subresource (kubectl debug).
                    errors.Add(ApiError.Invalid(kind, pod.Metadata.Name ?? "", ["spec.ephemeralContainers: Forbidden: cannot be set on create"]));
                    continue;
                }

                // Read once per batch, with the batch's own classes (kubectl applies them first when listed first).
                priorityClasses ??= [.. (await ListCachedAsync(Kinds.PriorityClass, new CacheQuery(null, null, null, null, null))).Cast<PriorityClass>(), .. objects.OfType<PriorityClass>()];
                if (PriorityAdmission.Admit(pod, priorityClasses) is { } refused)
                {
                    errors.Add(refused);
                    continue;
                }

                var accountExists = await ServiceAccountsAsync(pod, serviceAccounts, objects, namespacesInBatch);
                if (ServiceAccountAdmission.Admit(pod, accountExists) is { } forbidden)
                {
                    errors.Add(forbidden);
                    continue;
                }
            }

            if (existing is null && obj is PersistentVolumeClaim { Spec.StorageClassName: null } claim)
            {
                // Upstream's DefaultStorageClass admission; the batch's own classes count (kubectl applies them first when listed first).
                StorageClasses.Admit(claim, [.. (await ListCachedAsync(Kinds.StorageClass, new CacheQuery(null, null, null, null, null))).Cast<StorageClass>(), .. objects.OfType<StorageClass>()]);
            }

            if (existing is null && obj is Ingress ingress)
            {
                await AdmitIngressAsync(ingress, objects);
            }

            if (existing is not null && mode == ApplyMode.Create)
            {
                errors.Add(ApiError.AlreadyExists(kind, obj.Metadata.Name!));
                continue;
            }

            if (existing is null && !string.IsNullOrEmpty(obj.Metadata.ResourceVersion))
            {
                errors.Add(new ApiError(ApiErrorReason.BadRequest, "resourceVersion should not be set on objects to be created"));
                continue;
            }

            // Last, so nothing refused after it was charged to a quota.
            if (existing is null && Control.Quota.QuotaAdmission.Concerns(kind) && await AdmitLimitsAsync(obj, limits, objects, namespacesInBatch) is { } limited)
            {
                errors.Add(limited);
                continue;
            }

            if (existing is not null && Control.Quota.QuotaAdmission.ChargesUpdates(kind) && await AdmitQuotaUpdateAsync(obj, existing, limits, objects, namespacesInBatch) is { } overQuota)
            {
                errors.Add(overQuota);
                continue;
            }

            planned.Add((obj, existing));
        }

        if (errors.Count > 0)
        {
            throw errors.Count == 1 ? new ApiException(errors[0]) : new ApiException(errors[0].Reason, string.Join(Environment.NewLine, errors.Select(e => e.Message)));
        }

        var outcomes = new List<ApplyOutcome>();
        var created = new List<KubeObject>();
        if (handedOver)
        {
            // A controller's batch of creates (no namespaces among them): written side by side, outcomes in its order.
            var written = await Task.WhenAll(planned.Select(p => WriteOneAsync(p.Object, p.Existing, created, perObject, failedNamespaces: null)));
            return ([.. written], created);
        }

        // Namespaces first, so nothing lands in a namespace that does not exist yet.
        var failedNamespaces = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (obj, existing) in planned.OrderBy(p => p.Object is Namespace ? 0 : 1))
        {
            outcomes.Add(await WriteOneAsync(obj, existing, created, perObject, failedNamespaces));
        }

        return (outcomes, created);
    }

    /// <summary>Writes one planned object; with <paramref name="perObject"/> a refusal is its outcome, not an exception.</summary>
    private async Task<ApplyOutcome> WriteOneAsync(KubeObject obj, KubeObject? existing, List<KubeObject> created, bool perObject, HashSet<string>? failedNamespaces)
    {
        var kind = Kinds.Of(obj);
        try
        {
            if (kind.Namespaced && failedNamespaces?.Contains(obj.Metadata.Namespace!) == true)
            {
                throw new ApiException(ApiError.NotFound(Kinds.Namespace, obj.Metadata.Namespace!));
            }

            return new ApplyOutcome(kind.QualifiedResource, obj.Metadata.Name!, await WriteAsync(obj, existing, kind, created));
        }
        catch (ApiException e) when (perObject)
        {
            if (obj is Namespace)
            {
                failedNamespaces?.Add(obj.Metadata.Name!);
            }

            return new ApplyOutcome(kind.QualifiedResource, obj.Metadata.Name!, ApplyOutcome.Failed) { Reason = e.Reason, Error = e.Message };
        }
    }

    /// <summary>Writes one planned object; returns kubectl's verb for it.</summary>
    private async Task<string> WriteAsync(KubeObject obj, KubeObject? existing, KindInfo kind, List<KubeObject> created)
    {
        var grain = ObjectStore.For(GrainFactory, ObjectKey.Of(obj));
        if (existing is null)
        {
            var stored = await grain.CreateAsync(obj);
            lock (created)
            {
                created.Add(stored);
            }

            await PublishIngressAddressesAsync(stored);
            SyncQuotas(stored);
            return "created";
        }

        // A resourceVersion in the object is the author's precondition: a stale one is a Conflict, as upstream. Without
        // one apply is last-writer-wins: it updates against the version it just read, and reads again when a
        // controller's status write came in between (the status is not the user's to overwrite anyway).
        var pinned = !string.IsNullOrEmpty(obj.Metadata.ResourceVersion);
        var current = existing;
        for (var attempt = 1; ; attempt++)
        {
            // A new object per attempt: the one sent before is shared with the grain and must not change.
            var attempted = pinned ? obj : obj with { Metadata = obj.Metadata with { ResourceVersion = current.Metadata.ResourceVersion } };
            try
            {
                var updated = await grain.UpdateAsync(attempted);
                await PublishIngressAddressesAsync(updated);
                SyncQuotas(updated);
                return updated.Metadata.ResourceVersion == current.Metadata.ResourceVersion ? "unchanged" : "configured";
            }
            catch (ApiException e) when (e.Reason == ApiErrorReason.Conflict && !pinned && attempt < 5)
            {
                current = await grain.GetAsync() ?? throw new ApiException(ApiError.NotFound(kind, obj.Metadata.Name!));
            }
        }
    }

    /// <summary>Validation and the cluster's limits (<see cref="WorkloadLimits"/>), as upstream's field errors.</summary>
    private List<string> Problems(KubeObject obj) =>
        [.. ObjectValidator.Validate(obj).Concat(WorkloadLimits.Check(obj, options.Value.MaxPodsPerWorkload)).Select(p => p.ToString())];

    public async Task<List<CreateResult>> CreateBatchAsync(List<HandedOver> handedOver)
    {
        var objects = handedOver.ConvertAll(h => h.Object);
        if (objects.Count == 0 || objects.Any(o => o is Namespace))
        {
            throw new ApiException(ApiErrorReason.BadRequest, "a batch create takes one or more namespaced objects");
        }

        List<ApplyOutcome> outcomes;
        List<KubeObject> created;
        try
        {
            (outcomes, created) = await ApplyCoreAsync(objects, ApplyMode.Create, checkExisting: false, perObject: true, handedOver: true);
        }
        catch (ApiException) when (objects.Count > 1)
        {
            // Refused before any write (the checks refuse a batch whole): each one again, for its own answer.
            var each = await Task.WhenAll(handedOver.Select(o => CreateBatchAsync([o])));
            return [.. each.Select(e => e.Single())];
        }
        catch (ApiException e)
        {
            return [new CreateResult(null, e.Reason, e.Message)];
        }

        var byName = created.ToDictionary(c => c.Metadata.Name!, StringComparer.Ordinal);
        return [.. outcomes.Select(o => o.Verb == ApplyOutcome.Failed ? new CreateResult(null, o.Reason, o.Error) : new CreateResult(byName[o.Name]))];
    }

    public async Task<KubeObject> CreateAsync(KubeObject obj)
    {
        // The batch path names the object (generateName) and returns it as its grain stored it.
        return (await ApplyCoreAsync([obj], ApplyMode.Create, checkExisting: false)).Created.Single();
    }

    public Task<KubeObject?> GetAsync(string kind, string? ns, string name) =>
        ObjectStore.For(GrainFactory, ObjectKey.For(ResolveKind(kind), ns, name)).GetAsync();

    /// <summary>From the kind's watch cache (one call, in key order: namespace, then name), as the REST front lists.</summary>
    public async Task<List<KubeObject>> ListAsync(ListQuery query)
    {
        var kind = ResolveList(query);
        return await ListCachedAsync(kind, CacheQueryOf(kind, query));
    }

    public Task<int> CountAsync(ListQuery query)
    {
        var kind = ResolveList(query);
        var cacheQuery = CacheQueryOf(kind, query);
        return references.CacheView(kind, cacheQuery.Namespace).CountAsync(cacheQuery);
    }

    private static CacheQuery CacheQueryOf(KindInfo kind, ListQuery query) =>
        new(kind.Namespaced ? query.Namespace : null, query.LabelSelector, query.FieldSelector, Limit: null, At: null);

    /// <summary>
    /// Whether the pod's ServiceAccount exists, answered once per namespace and name in a batch: the batch's own accounts
    /// (and a namespace the batch creates, which has its default one) first, else one read of that account from the store
    /// (one call, never a stale cache: an account created just before is found, as upstream's live-lookup fallback finds it).
    /// </summary>
    private async Task<Func<string, bool>> ServiceAccountsAsync(Pod pod, Dictionary<(string Namespace, string Name), bool> known, List<KubeObject> batch, HashSet<string?> namespacesInBatch)
    {
        var ns = pod.Metadata.Namespace!;
        var name = ServiceAccountAdmission.NameOf(pod);
        if (!known.TryGetValue((ns, name), out var exists))
        {
            exists = (name == ServiceAccountAdmission.DefaultName && namespacesInBatch.Contains(ns))
                || batch.Any(o => o is ServiceAccount a && a.Metadata.Name == name && (a.Metadata.Namespace is null || a.Metadata.Namespace == ns))
                || await ObjectStore.For(GrainFactory, new ObjectKey(Kinds.ServiceAccount.Kind, ns, name)).GetAsync() is not null;
            known[(ns, name)] = exists;
        }

        return account => account == name && exists;
    }

    private async Task<List<KubeObject>> ListCachedAsync(KindInfo kind, CacheQuery query)
    {
        var page = await references.CacheView(kind, query.Namespace).ListAsync(query);
        return page.Refusal == ListRefusal.None ? page.Items : throw new ApiException(ApiErrorReason.InternalError, page.Message ?? $"listing {kind.Plural} failed");
    }

    /// <summary>A list's kind, its selectors checked (BadRequest naming the problem).</summary>
    private static KindInfo ResolveList(ListQuery query)
    {
        var kind = ResolveKind(query.Kind);
        try
        {
            SelectorParser.Parse(query.LabelSelector);
            if (FieldSelector.Parse(query.FieldSelector).Validate(kind) is { } problem)
            {
                throw new ApiException(ApiErrorReason.BadRequest, problem);
            }
        }
        catch (FormatException e)
        {
            throw new ApiException(ApiErrorReason.BadRequest, e.Message);
        }

        return kind;
    }

    public async Task<KubeObject> UpdateAsync(KubeObject obj)
    {
        obj = ObjectDefaults.WithDefaultNamespace(obj); // the caller's object is shared with this grain: not changed in place
        var problems = Problems(obj);
        if (problems.Count > 0)
        {
            throw new ApiException(ApiError.Invalid(Kinds.Of(obj), obj.Metadata.Name ?? "", problems));
        }

        var store = ObjectStore.For(GrainFactory, ObjectKey.Of(obj));
        if (Control.Quota.QuotaAdmission.ChargesUpdates(Kinds.Of(obj)) && await store.GetAsync() is { } existing
            && await AdmitQuotaUpdateAsync(obj, existing, [], [obj], []) is { } overQuota)
        {
            throw new ApiException(overQuota);
        }

        var updated = await store.UpdateAsync(obj);
        await PublishIngressAddressesAsync(updated);
        return updated;
    }

    public Task<DateTimeOffset> NowAsync() => Task.FromResult(clock.Time.GetUtcNow());


    public async Task<KubeObject> DeleteAsync(string kind, string? ns, string name, long? gracePeriodSeconds = null, DeletionPropagation propagation = DeletionPropagation.Background)
    {
        var info = ResolveKind(kind);
        if (info == Kinds.PriorityClass && PriorityAdmission.RefuseDeletion(name) is { } refused)
        {
            throw new ApiException(refused);
        }

        if (info == Kinds.Namespace)
        {
            return await DeleteNamespaceAsync(name);
        }

        if (info == Kinds.Pod)
        {
            // Graceful: a running pod is Terminating until its kubelet has stopped it.
            return await ObjectGrains.Pod(GrainFactory, ns ?? ObjectDefaults.DefaultNamespace, name).TerminateAsync(gracePeriodSeconds);
        }

        return await ObjectStore.For(GrainFactory, ObjectKey.For(info, ns ?? ObjectDefaults.DefaultNamespace, name)).DeleteAsync(propagation);
    }

    private static KindInfo ResolveKind(string kind) =>
        Kinds.FromResourceName(kind) ?? throw new ApiException(ApiErrorReason.NotFound, $"the server doesn't have a resource type \"{kind}\"");
}
