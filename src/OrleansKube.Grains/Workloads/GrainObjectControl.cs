using OrleansKube.Control.Workloads;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Objects;

namespace OrleansKube.Grains.Workloads;

/// <summary>A controller's writes as grain calls: creates through the API front (defaulting, validation, admission), the rest on the object's grain.</summary>
public sealed class GrainObjectControl(IGrainFactory factory, string component, TimeProvider time) : IObjectControl
{
    public Task<KubeObject> CreateAsync(KubeObject obj) => factory.Get<IApiGrain>(0).CreateAsync(obj);

    public async Task<List<(KubeObject? Created, Exception? Error)>> CreateBatchAsync(IReadOnlyList<KubeObject> objects)
    {
        List<CreateResult> results;
        try
        {
            results = await factory.Get<IApiGrain>(0).CreateBatchAsync([.. objects.Select(o => new HandedOver(o))]);
        }
        catch (Exception e) when (e is not ApiException)
        {
            // The call itself failed (a timeout, a silo gone): every create of the batch failed with it, as one by one.
            return [.. objects.Select(_ => ((KubeObject?)null, (Exception?)e))];
        }

        return [.. results.Select(r => (r.Created, r.Created is null ? (Exception?)new ApiException(r.Reason ?? ApiErrorReason.InternalError, r.Error ?? "") : null))];
    }

    public Task<KubeObject> UpdateAsync(KubeObject obj) => ObjectStore.For(factory, ObjectKey.Of(obj)).UpdateAsync(obj);

    public async Task<KubeObject> UpdateStatusAsync(KubeObject obj)
    {
        var store = ObjectStore.For(factory, ObjectKey.Of(obj));
        try
        {
            return await store.UpdateStatusAsync(obj);
        }
        catch (ApiException e) when (e.Reason == ApiErrorReason.Conflict)
        {
            // As upstream's status updates: the computed status is written once more onto the object as it is now
            // (the status subresource takes nothing else from it).
            if (await store.GetAsync() is not { } fresh)
            {
                throw;
            }

            return await store.UpdateStatusAsync(obj with { Metadata = obj.Metadata with { ResourceVersion = fresh.Metadata.ResourceVersion } });
        }
    }

    public Task<KubeObject?> GetAsync(KindInfo kind, string ns, string name) => ObjectStore.For(factory, ObjectKey.For(kind, ns, name)).GetAsync();

    public Task DeleteAsync(KubeObject obj) =>
        factory.Get<IApiGrain>(0).DeleteAsync(Kinds.Of(obj).Plural, obj.Metadata.Namespace, obj.Metadata.Name!);

    public void RecordEvents(KubeObject involved, IReadOnlyList<(string Type, string Reason, string Message)> events) =>
        EventRecorder.RecordManyAsync(factory, involved, events, component, null, time.GetUtcNow()).Ignore();

    public void RecordEvent(KubeObject involved, string type, string reason, string message) =>
        EventRecorder.RecordAsync(factory, involved, type, reason, message, component, null, time.GetUtcNow()).Ignore();
}
