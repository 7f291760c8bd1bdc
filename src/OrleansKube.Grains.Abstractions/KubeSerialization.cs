using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Grains.Abstractions;

/// <summary>
/// API objects cross process boundaries in their Kubernetes JSON shape, so the model stays free of Orleans; inside a
/// process they are shared, not copied (<see cref="SharedModelCopier"/>).
/// </summary>
public static class KubeSerialization
{
    public static IServiceCollection AddKubeObjectSerializer(this IServiceCollection services) =>
        services.AddSerializer(builder =>
        {
            builder.AddJsonSerializer(
                isSerializable: SharedModelCopier.IsModelType,
                isCopyable: null, // the JSON codec copies nothing of ours (a round trip per call before)
                options => options.Configure(o => o.SerializerOptions = KubeJson.CreateOptions()));
            builder.Services.AddSingleton<IGeneralizedCopier, SharedModelCopier>();
        });
}
