using Microsoft.Extensions.DependencyInjection;

namespace OrleansKube.Api;

public static class KubeApiExtensions
{
    /// <summary>Serves the Kubernetes API from this silo.</summary>
    public static ISiloBuilder AddKubernetesApi(this ISiloBuilder silo, Action<KubeApiOptions> configure)
    {
        var options = new KubeApiOptions();
        configure(options);
        silo.Services.AddSingleton(options);
        silo.Services.AddSingleton<Security.ApiSecurity>();
        silo.Services.AddSingleton<Grains.Security.IKubeconfigSource>(sp => sp.GetRequiredService<Security.ApiSecurity>());
        silo.Services.AddSingleton(sp => new KubeApiServer(options, sp));
        silo.Services.AddHostedService(sp => sp.GetRequiredService<KubeApiServer>());
        return silo;
    }
}
