using System.Globalization;
using Microsoft.Extensions.Options;
using OrleansKube.Grains.Hosting;
using OrleansKube.Manifests.Profiles;

namespace OrleansKube.Grains.Simulation;

/// <summary>Adds nodes to the running cluster from the pools of the silo's cluster profile (one at a time: numbering never collides).</summary>
public sealed class SimulationGrain(IOptions<OrleansKubeOptions> options) : Grain, ISimulationGrain
{
    public async Task<List<string>> AddNodesAsync(string pool, int count)
    {
        if (count < 1)
        {
            throw new ApiException(ApiErrorReason.BadRequest, $"count: Invalid value: {count}: must be at least 1");
        }

        var pools = options.Value.Profile?.Pools ?? [];
        var nodePool = pools.FirstOrDefault(p => p.Name == pool)
            ?? throw new ApiException(ApiErrorReason.NotFound, $"pool \"{pool}\" not found in the cluster profile (pools: {string.Join(", ", pools.Select(p => p.Name))})");

        // After the highest number in use, so a deleted node's name is not reused while its kubelet stops.
        var api = GrainFactory.Get<IApiGrain>(0);
        var prefix = pool + "-";
        var highest = (await api.ListAsync(new ListQuery(Kinds.Node.Kind, null)))
            .Select(n => n.Metadata.Name!)
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n => int.TryParse(n.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : 0)
            .DefaultIfEmpty(0)
            .Max();
        var nodes = ClusterProfile.CreateNodes(nodePool, highest, count, options.Value.Profile!.ImageSize).Cast<KubeObject>().ToList();
        foreach (var batch in nodes.Chunk(500))
        {
            await api.ApplyAsync([.. batch], ApplyMode.Create);
        }

        return [.. nodes.Select(n => n.Metadata.Name!)];
    }
}
