using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Grains.Abstractions;

/// <summary>API objects cross grain boundaries in their Kubernetes JSON shape, so the model stays free of Orleans.</summary>
public static class KubeSerialization
{
    public static IServiceCollection AddKubeObjectSerializer(this IServiceCollection services) =>
        services.AddSerializer(builder => builder.AddJsonSerializer(
            isSupported: type => type.Namespace?.StartsWith("OrleansKube.Model", StringComparison.Ordinal) == true,
            KubeJson.CreateOptions()));
}
