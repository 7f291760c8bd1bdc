using Orleans.Concurrency;
using OrleansKube.Model.Meta;

namespace OrleansKube.Grains.Abstractions;

/// <summary>One shard of a (kind, namespace) index: the latest copy of its objects, for list and selector queries.</summary>
[Alias("OrleansKube.IObjectIndexGrain")]
public interface IObjectIndexGrain : IGrainWithStringKey
{
    [Alias("Upsert")]
    Task UpsertAsync(Immutable<KubeObject> obj);

    [Alias("Remove")]
    Task RemoveAsync(string name);

    [Alias("List")]
    Task<Immutable<List<KubeObject>>> ListAsync(string? labelSelector, string? fieldSelector);
}
