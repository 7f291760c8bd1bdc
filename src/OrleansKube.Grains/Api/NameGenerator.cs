using Microsoft.Extensions.Options;
using OrleansKube.Control.Simulation;
using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Api;

/// <summary>
/// Upstream's <c>generateName</c>: the prefix plus five characters (<see cref="NameSuffixes"/>), random or, with
/// <see cref="OrleansKubeOptions.Seed"/>, drawn from the seed. One per silo, shared by the API's activations.
/// </summary>
public sealed class NameGenerator(IOptions<OrleansKubeOptions> options, ILocalSiloDetails silo)
{
    // Upstream trims the prefix so the result stays within 63 characters.
    private const int MaxPrefixLength = 63 - NameSuffixes.Length;

    private readonly NameSuffixes _suffixes = new(options.Value.Seed is { } seed ? Seeds.Derive(seed, Stream(options.Value, silo)) : null);

    public string Generate(string prefix)
    {
        var trimmed = prefix.Length > MaxPrefixLength ? prefix[..MaxPrefixLength] : prefix;
        return trimmed + _suffixes.Next(trimmed);
    }

    // Each silo draws its own sequence (its endpoint is fixed by its ports, so a run stays repeatable), else two silos
    // would give the same prefix the same names. A durable cluster's silo also mixes in its generation: restarted on
    // the same port it would otherwise hand out again names its earlier life stored.
    private static string Stream(OrleansKubeOptions options, ILocalSiloDetails silo) =>
        options.Redis is null ? $"generateName/{silo.SiloAddress.Endpoint}" : $"generateName/{silo.SiloAddress}";
}
