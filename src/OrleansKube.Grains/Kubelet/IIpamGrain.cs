namespace OrleansKube.Grains.Kubelet;

/// <summary>Hands each node a stable index, from which its addresses and pod CIDR follow.</summary>
[Alias("OrleansKube.IIpamGrain")]
public interface IIpamGrain : IGrainWithIntegerKey
{
    [Alias("NodeIndex")]
    Task<int> GetNodeIndexAsync(string nodeName);
}
