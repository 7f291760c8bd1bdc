using Orleans.Concurrency;

namespace OrleansKube.Grains.Abstractions;

/// <summary>
/// The log of one control-plane mirror pod's container (keyed <c>namespace/name</c>): what its silo's control plane did,
/// in the component's own line format, as <c>kubectl logs</c> shows it. Kept in memory, the newest lines only.
/// </summary>
[Alias("OrleansKube.IControlPlaneLogGrain")]
public interface IControlPlaneLogGrain : IGrainWithStringKey
{
    [OneWay]
    [Alias("Append")]
    Task AppendAsync(DateTimeOffset at, string line);

    [Alias("Read")]
    Task<List<(DateTimeOffset At, string Text)>> ReadAsync();
}
