using System.CommandLine;
using Microsoft.Extensions.Hosting;
using OrleansKube.Control.Scheduling.Configuration;
using OrleansKube.Grains.Hosting;
using OrleansKube.Manifests.Profiles;
using OrleansKube.Manifests.Reading;
using OrleansKube.Silo;

var options = new SiloOptions();
var root = new RootCommand("Runs an OrleansKube silo: a simulated Kubernetes cluster on the embedded single-silo default.")
{
    options.Profile, options.SchedulerConfig, options.GatewayPort, options.SiloPort, options.ListenAddress, options.AdvertiseAddress, options.KubernetesHosting, options.PodStartSeconds, options.TimeScale, options.Seed, options.ServiceClusterIpRange, options.Redis, options.MetricsPort, options.DashboardPort, options.HealthPort, options.ApiPort, options.OtlpEndpoint, options.TraceSampleRatio, options.MaxPodsPerWorkload, options.EventTtl, options.SystemPods, options.CountCrossSiloCalls, options.WatchCachePartitions, options.InitialSilos,
    options.ApiAddress, options.TokenAuthFile, options.ApiCertDir, options.ApiKubeconfig,
};
root.SetAction(async (parse, ct) =>
{
    ClusterProfile profile;
    SchedulerConfiguration scheduler;
    try
    {
        profile = ClusterProfile.Load(parse.GetValue(options.Profile)!);
        scheduler = parse.GetValue(options.SchedulerConfig) is { } path ? SchedulerConfiguration.Load(path) : SchedulerConfiguration.Default;
    }
    catch (Exception e) when (e is ManifestException or IOException)
    {
        await Console.Error.WriteLineAsync($"error: {e.Message}");
        return 1;
    }

    var startSeconds = parse.GetValue(options.PodStartSeconds);
    if (startSeconds < 0)
    {
        await Console.Error.WriteLineAsync("error: --pod-start-seconds: must be greater than or equal to 0");
        return 1;
    }

    var timeScale = parse.GetValue(options.TimeScale);
    if (!double.IsFinite(timeScale) || timeScale <= 0)
    {
        await Console.Error.WriteLineAsync("error: --time-scale: must be a number greater than 0");
        return 1;
    }

    var serviceRange = parse.GetValue(options.ServiceClusterIpRange)!;
    try
    {
        _ = new OrleansKube.Control.Services.ServiceAllocator(serviceRange);
    }
    catch (FormatException e)
    {
        await Console.Error.WriteLineAsync($"error: --service-cluster-ip-range: {e.Message}");
        return 1;
    }

    var maxPods = parse.GetValue(options.MaxPodsPerWorkload);
    if (maxPods < 0)
    {
        await Console.Error.WriteLineAsync("error: --max-pods-per-workload: must be greater than or equal to 0 (0: no limit)");
        return 1;
    }

    var ratio = parse.GetValue(options.TraceSampleRatio);
    if (!double.IsFinite(ratio) || ratio is < 0 or > 1)
    {
        await Console.Error.WriteLineAsync("error: --trace-sample-ratio: must be a number from 0 to 1");
        return 1;
    }

    Uri? otlp = null;
    if (parse.GetValue(options.OtlpEndpoint) is { Length: > 0 } endpoint && !Uri.TryCreate(endpoint, UriKind.Absolute, out otlp))
    {
        await Console.Error.WriteLineAsync($"error: --otlp-endpoint: Invalid value: \"{endpoint}\": must be an absolute URI such as http://localhost:4317");
        return 1;
    }

    var (apiAddress, tokenFile) = (parse.GetValue(options.ApiAddress), parse.GetValue(options.TokenAuthFile));
    if (OrleansKube.Api.Security.ApiSecurity.Check(apiAddress, tokenFile) is { } apiRefusal)
    {
        await Console.Error.WriteLineAsync($"error: {apiRefusal}");
        return 1;
    }

    void ConfigureApiSecurity(OrleansKube.Api.KubeApiOptions o)
    {
        o.Address = apiAddress;
        o.Security.TokenAuthFile = tokenFile;
        o.Security.CertificateDirectory = parse.GetValue(options.ApiCertDir);
        o.Security.KubeconfigPath = parse.GetValue(options.ApiKubeconfig);
    }

    var kubernetesHosting = parse.GetValue(options.KubernetesHosting);
    if (kubernetesHosting && parse.GetValue(options.Redis) is null)
    {
        await Console.Error.WriteLineAsync("error: --kubernetes-hosting: needs --redis (the silos' membership and objects)");
        return 1;
    }

    if (kubernetesHosting && KubernetesHostingRefusal() is { } hostingRefusal)
    {
        await Console.Error.WriteLineAsync($"error: --kubernetes-hosting: {hostingRefusal}");
        return 1;
    }

    // As a pod, a silo listens on every interface and advertises the pod's IP (the downward API's POD_IP).
    var addresses = SiloAddresses.Resolve(
        parse.GetValue(options.ListenAddress) ?? (kubernetesHosting ? "0.0.0.0" : null),
        parse.GetValue(options.AdvertiseAddress) ?? (kubernetesHosting ? Environment.GetEnvironmentVariable("POD_IP") : null),
        SiloAddresses.HostAddresses,
        out var addressError);
    if (addresses is null)
    {
        await Console.Error.WriteLineAsync($"error: {addressError}");
        return 1;
    }

    var telemetry = new TelemetrySettings { PrometheusPort = parse.GetValue(options.MetricsPort), OtlpEndpoint = otlp, TraceSampleRatio = ratio, CountCrossSiloCalls = parse.GetValue(options.CountCrossSiloCalls) };
    using var host = SiloHost.Build(profile, scheduler, parse.GetValue(options.SiloPort), parse.GetValue(options.GatewayPort), TimeSpan.FromSeconds(startSeconds), timeScale, serviceRange, parse.GetValue(options.Redis), telemetry, parse.GetValue(options.DashboardPort), parse.GetValue(options.Seed), parse.GetValue(options.HealthPort), maxPods, parse.GetValue(options.EventTtl), parse.GetValue(options.ApiPort), ConfigureApiSecurity, parse.GetValue(options.SystemPods), addresses, kubernetesHosting, parse.GetValue(options.WatchCachePartitions), parse.GetValue(options.InitialSilos));
    try
    {
        await host.StartAsync(ct);
    }
    catch (Exception e) when (SiloHost.StartFailure(e) is { } failure)
    {
        await Console.Error.WriteLineAsync($"error: {failure}");
        return 1;
    }
    catch (Exception e) when (OrleansKube.Api.Security.ApiSecurityException.Find(e) is { } refusal)
    {
        await Console.Error.WriteLineAsync($"error: {refusal.Message}");
        return 1;
    }

    SiloHost.LogReady(host, profile, addresses, parse.GetValue(options.GatewayPort), telemetry.PrometheusPort, parse.GetValue(options.DashboardPort), parse.GetValue(options.HealthPort));
    await host.WaitForShutdownAsync(ct);
    return 0;
});
return await root.Parse(args).InvokeAsync();

// What Orleans' Kubernetes hosting needs of the pod it runs in; null when all is there.
static string? KubernetesHostingRefusal()
{
    string[] missing = [.. new[] { "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT", "POD_NAME", "POD_NAMESPACE", "POD_IP" }.Where(v => Environment.GetEnvironmentVariable(v) is not { Length: > 0 })];
    return missing.Length == 0 ? null
        : $"not in a Kubernetes pod: {string.Join(", ", missing)} unset (the API's service variables, and the downward API's fieldRefs metadata.name, metadata.namespace and status.podIP)";
}
