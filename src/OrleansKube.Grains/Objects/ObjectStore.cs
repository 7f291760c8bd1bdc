using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Objects;

/// <summary>Where the API reads and writes one object: its own grain, or for index-resident kinds (Events) its index shard.</summary>
public abstract class ObjectStore
{
    /// <summary>Creates <paramref name="obj"/>, which the caller hands over (the store finishes it in place).</summary>
    public abstract Task<KubeObject> CreateAsync(KubeObject obj);

    public abstract Task<KubeObject?> GetAsync();

    public abstract Task<KubeObject> UpdateAsync(KubeObject obj);

    public abstract Task<KubeObject> UpdateStatusAsync(KubeObject obj);

    public abstract Task<KubeObject> DeleteAsync();

    public abstract Task<KubeObject> DeleteAsync(DeletionPropagation propagation);

    /// <summary>Index-resident objects (Events, node leases: many, small, written often) live in their shard; the rest in a grain each.</summary>
    public static ObjectStore For(IGrainFactory factory, ObjectKey key)
    {
        var kind = GrainKinds.Get(key.Kind);
        return kind.IndexResident(key)
            ? new IndexResident(factory.Get<IObjectIndexGrain>(IndexKey.Of(key).ToString()), key.Name)
            : new OwnGrain(kind.Grain(factory, key.ToString()));
    }

    private sealed class OwnGrain(IObjectGrain grain) : ObjectStore
    {
        public override Task<KubeObject> CreateAsync(KubeObject obj) => grain.CreateAsync(new HandedOver(obj));

        public override Task<KubeObject?> GetAsync() => grain.GetAsync();

        public override Task<KubeObject> UpdateAsync(KubeObject obj) => grain.UpdateAsync(obj);

        public override Task<KubeObject> UpdateStatusAsync(KubeObject obj) => grain.UpdateStatusAsync(obj);

        public override Task<KubeObject> DeleteAsync() => grain.DeleteAsync();

        public override Task<KubeObject> DeleteAsync(DeletionPropagation propagation) => grain.DeleteWithPropagationAsync(propagation);
    }

    private sealed class IndexResident(IObjectIndexGrain index, string name) : ObjectStore
    {
        public override Task<KubeObject> CreateAsync(KubeObject obj) => index.CreateResidentAsync(new HandedOver(obj));

        public override Task<KubeObject?> GetAsync() => index.GetResidentAsync(name);

        public override Task<KubeObject> UpdateAsync(KubeObject obj) => index.UpdateResidentAsync(obj);

        // Resident kinds (events, node leases) have no status of their own: a status write is an update.
        public override Task<KubeObject> UpdateStatusAsync(KubeObject obj) => index.UpdateResidentAsync(obj);

        public override Task<KubeObject> DeleteAsync() => index.DeleteResidentAsync(name);

        // Resident kinds own nothing: every policy is a plain delete.
        public override Task<KubeObject> DeleteAsync(DeletionPropagation propagation) => index.DeleteResidentAsync(name);
    }
}
