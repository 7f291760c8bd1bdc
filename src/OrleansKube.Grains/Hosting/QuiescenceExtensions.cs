using Microsoft.Extensions.DependencyInjection;

namespace OrleansKube.Grains.Hosting;

/// <summary>Turns <see cref="Quiescence"/> on for a silo and for a client that drives it (tests).</summary>
public static class QuiescenceExtensions
{
    /// <summary>Counts this silo's work in flight in <paramref name="quiescence"/> (shared by every silo and client of one test cluster).</summary>
    public static ISiloBuilder AddQuiescenceTracking(this ISiloBuilder silo, Quiescence quiescence)
    {
        var filter = new QuiescenceCallFilter(quiescence);
        silo.Services.AddSingleton(quiescence);
        silo.AddOutgoingGrainCallFilter(filter);
        silo.AddIncomingGrainCallFilter(filter);
        return silo;
    }

    /// <summary>Counts the calls this client sends, so a one-way call it makes is waited for too.</summary>
    public static IClientBuilder AddQuiescenceTracking(this IClientBuilder client, Quiescence quiescence)
    {
        client.AddOutgoingGrainCallFilter(new QuiescenceCallFilter(quiescence));
        return client;
    }
}
