namespace OrleansKube.Grains.Kubelet;

public sealed class IpamGrain : Grain, IIpamGrain
{
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(TimeSpan.MaxValue);
        return Task.CompletedTask;
    }

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
