using OrleansKube.Grains.Hosting;
using OrleansKube.Model.Selection;

namespace OrleansKube.Grains.Objects;

/// <summary>
/// One shard of the (kind, namespace) index. It holds the latest copy of each of its objects (shared, not
/// copied, within a silo: objects are immutable once stored) and answers lists with label and field selectors.
/// </summary>
public sealed class ObjectIndexGrain : ResidentGrain, IObjectIndexGrain
{
    private readonly SortedDictionary<string, KubeObject> _objects = new(StringComparer.Ordinal);

    public Task UpsertAsync(Immutable<KubeObject> obj)
    {
        _objects[obj.Value.Metadata.Name!] = obj.Value;
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string name)
    {
        _objects.Remove(name);
        return Task.CompletedTask;
    }

    public Task<Immutable<List<KubeObject>>> ListAsync(string? labelSelector, string? fieldSelector)
    {
        var labels = SelectorParser.Parse(labelSelector);
        var fields = FieldSelector.Parse(fieldSelector);
        var result = _objects.Values.Where(o => labels.Matches(o.Metadata.Labels) && fields.Matches(o)).ToList();
        return Task.FromResult(result.AsImmutable());
    }
}
