using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Kubelet;

public sealed class IpamGrain : ResidentGrain, IIpamGrain
{
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);

    public Task<int> GetNodeIndexAsync(string nodeName)
    {
        if (!_indexes.TryGetValue(nodeName, out var index))
        {
            index = _indexes.Count + 1;
            _indexes[nodeName] = index;
        }

        return Task.FromResult(index);
    }
}
