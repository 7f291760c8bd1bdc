using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Kubelet;

/// <summary>Gives each node its index (addresses, pod CIDR) for good; with a durable repository they outlive the grain.</summary>
public sealed class IpamGrain(ObjectRepository repository) : ResidentGrain, IIpamGrain
{
    private const string Table = "ipam-node-indexes";
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);
    private int _last;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        foreach (var (node, index) in repository.Durable ? await repository.LoadValuesAsync(Table) : [])
        {
            _indexes[node] = int.Parse(index, System.Globalization.CultureInfo.InvariantCulture);
            _last = Math.Max(_last, _indexes[node]);
        }
    }

    public async Task<int> GetNodeIndexAsync(string nodeName)
    {
        if (!_indexes.TryGetValue(nodeName, out var index))
        {
            index = _last + 1;
            await repository.PutValueAsync(Table, nodeName, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            _indexes[nodeName] = _last = index;
        }

        return index;
    }
}
