using System.CommandLine;
using System.Globalization;

namespace OrleansKube.Silo;

/// <summary>The silo's command line; every option also reads an <c>OKUBE_*</c> environment variable.</summary>
public sealed class SiloOptions
{
    public Option<string> Profile { get; } = new("--profile")
    {
        Description = "Cluster profile YAML (node pools) [env OKUBE_PROFILE]",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OKUBE_PROFILE") ?? Path.Combine(AppContext.BaseDirectory, "profiles", "default.yaml"),
    };

    public Option<string?> SchedulerConfig { get; } = new("--scheduler-config")
    {
        Description = "KubeSchedulerConfiguration-like YAML: scheduler profiles, plugins, weights, shards [env OKUBE_SCHEDULER_CONFIG]",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OKUBE_SCHEDULER_CONFIG"),
    };

    public Option<int> GatewayPort { get; } = new("--gateway-port")
    {
        Description = "Port clients (okctl, load tests) connect to [env OKUBE_GATEWAY_PORT]",
        DefaultValueFactory = _ => EnvInt("OKUBE_GATEWAY_PORT", 30000),
    };

    public Option<int> SiloPort { get; } = new("--silo-port")
    {
        Description = "Port silos talk to each other on [env OKUBE_SILO_PORT]",
        DefaultValueFactory = _ => EnvInt("OKUBE_SILO_PORT", 11111),
    };

    public Option<string?> ListenAddress { get; } = new("--listen-address")
    {
        Description = "IP address the silo port, gateway, health, metrics and dashboard bind (0.0.0.0: every interface); default: the advertised address, else loopback [env OKUBE_LISTEN_ADDRESS]",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OKUBE_LISTEN_ADDRESS") is { Length: > 0 } env ? env : null,
    };

    public Option<string?> AdvertiseAddress { get; } = new("--advertise-address")
    {
        Description = "IP address other silos and clients reach this silo on (kept in membership); default: the listen address, or the host's first non-loopback address when listening on 0.0.0.0 [env OKUBE_ADVERTISE_ADDRESS]",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OKUBE_ADVERTISE_ADDRESS") is { Length: > 0 } env ? env : null,
    };

    public Option<bool> KubernetesHosting { get; } = new("--kubernetes-hosting")
    {
        Description = "The silos run as pods of a Kubernetes cluster (Orleans' Kubernetes hosting): the silo is named after POD_NAME, advertises POD_IP and listens on every interface, and silos whose pods are gone leave the membership at once; needs --redis and the downward API's POD_NAME, POD_NAMESPACE, POD_IP [env OKUBE_KUBERNETES_HOSTING]",
        DefaultValueFactory = _ => bool.TryParse(Environment.GetEnvironmentVariable("OKUBE_KUBERNETES_HOSTING"), out var value) && value,
    };

    public Option<double> PodStartSeconds { get; } = new("--pod-start-seconds")
    {
        Description = "Simulated time from ContainerCreating to Running [env OKUBE_POD_START_SECONDS]",
        DefaultValueFactory = _ => double.TryParse(Environment.GetEnvironmentVariable("OKUBE_POD_START_SECONDS"), CultureInfo.InvariantCulture, out var value) ? value : 1,
    };

    public Option<double> TimeScale { get; } = new("--time-scale")
    {
        Description = "Run the simulation N times faster than wall time (heartbeats, start times, probes, back-offs, timeouts) [env OKUBE_TIME_SCALE]",
        DefaultValueFactory = _ => double.TryParse(Environment.GetEnvironmentVariable("OKUBE_TIME_SCALE"), CultureInfo.InvariantCulture, out var value) ? value : 1,
    };

    public Option<int?> Seed { get; } = new("--seed")
    {
        Description = "Seed the simulation's random choices (scheduler tie-breaks, generated name suffixes) so a run can be repeated; unseeded when not given [env OKUBE_SEED]",
        DefaultValueFactory = result => ParseSeed(result, Environment.GetEnvironmentVariable("OKUBE_SEED") is { Length: > 0 } env ? env : null, "OKUBE_SEED"),
        CustomParser = result => ParseSeed(result, result.Tokens[0].Value, "--seed"),
    };

    public Option<string> ServiceClusterIpRange { get; } = new("--service-cluster-ip-range")
    {
        Description = "The CIDR Services' ClusterIPs come from [env OKUBE_SERVICE_CLUSTER_IP_RANGE]",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OKUBE_SERVICE_CLUSTER_IP_RANGE") ?? Control.Services.ServiceAllocator.DefaultServiceCidr,
    };

    public Option<int> MetricsPort { get; } = new("--metrics-port")
    {
        Description = "Loopback port of the Prometheus scrape endpoint (http://localhost:PORT/metrics); 0 turns it off [env OKUBE_METRICS_PORT]",
        DefaultValueFactory = _ => EnvInt("OKUBE_METRICS_PORT", 9464),
    };

    public Option<int> DashboardPort { get; } = new("--dashboard-port")
    {
        Description = "Loopback port of the Orleans dashboard (http://localhost:PORT/); 0 turns it off [env OKUBE_DASHBOARD_PORT]",
        DefaultValueFactory = _ => EnvInt("OKUBE_DASHBOARD_PORT", 8080),
    };

    public Option<int> ApiPort { get; } = new("--api-port")
    {
        Description = "Loopback port of the Kubernetes API, plain HTTP as kubectl proxy serves it (kubectl --server localhost:PORT; see --api-address); 0 turns it off [env OKUBE_API_PORT]",
        DefaultValueFactory = _ => EnvInt("OKUBE_API_PORT", Api.KubeApiOptions.DefaultPort),
    };

    public Option<int> HealthPort { get; } = new("--health-port")
    {
        Description = "Loopback port of the health endpoints (/livez, /readyz, /healthz: 503 while the store is unreachable or lost); 0 turns them off [env OKUBE_HEALTH_PORT]",
        DefaultValueFactory = _ => EnvInt("OKUBE_HEALTH_PORT", 8090),
    };

    public Option<string?> OtlpEndpoint { get; } = new("--otlp-endpoint")
    {
        Description = "OTLP/gRPC collector (http://host:4317) to export metrics and the pods' traces to [env OTEL_EXPORTER_OTLP_ENDPOINT]",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"),
    };

    public Option<double> TraceSampleRatio { get; } = new("--trace-sample-ratio")
    {
        Description = "Share of pods whose life is traced, 0–1 (with --otlp-endpoint) [env OKUBE_TRACE_SAMPLE_RATIO]",
        DefaultValueFactory = _ => double.TryParse(Environment.GetEnvironmentVariable("OKUBE_TRACE_SAMPLE_RATIO"), CultureInfo.InvariantCulture, out var value) ? value : 0.01,
    };

    public Option<string?> Redis { get; } = new("--redis")
    {
        Description = "Redis (host:port) holding the silos' membership and every object, so several silos form one cluster and none loses an object when it dies [env OKUBE_REDIS]",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OKUBE_REDIS"),
    };

    public Option<int> MaxPodsPerWorkload { get; } = new("--max-pods-per-workload")
    {
        Description = "The most pods one Deployment, ReplicaSet or Job may ask for (replicas, completions, parallelism); 0: no limit [env OKUBE_MAX_PODS_PER_WORKLOAD]",
        DefaultValueFactory = _ => EnvInt("OKUBE_MAX_PODS_PER_WORKLOAD", Control.Store.WorkloadLimits.DefaultMaxPodsPerWorkload),
    };

    public Option<int> WatchCachePartitions { get; } = InRange(new("--watch-cache-partitions")
    {
        Description = "Watch caches per namespaced kind, each with the namespaces whose names hash to it and placed on its own silo with their controllers and pods; set to the number of silos, the same on every silo; 1: one per kind [env OKUBE_WATCH_CACHE_PARTITIONS]",
        DefaultValueFactory = _ => EnvInt("OKUBE_WATCH_CACHE_PARTITIONS", 1),
    }, 1, 64);

    public Option<int> InitialSilos { get; } = InRange(new("--initial-silos")
    {
        Description = "How many silos a new cluster starts with: each waits (up to 2 minutes) until that many are active before starting anything of its own, so the scheduler shards and watch cache partitions made at the start spread over them; 1: no wait [env OKUBE_INITIAL_SILOS]",
        DefaultValueFactory = _ => EnvInt("OKUBE_INITIAL_SILOS", 1),
    }, 1, 1_000);

    /// <summary>Refuses a value outside <paramref name="min"/>..<paramref name="max"/>, naming the option (its environment variable's value too).</summary>
    private static Option<int> InRange(Option<int> option, int min, int max)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < min || value > max)
            {
                result.AddError($"{option.Name}: Invalid value: {value}: must be from {min} to {max}");
            }
        });
        return option;
    }

    public Option<bool> SystemPods { get; } = new("--system-pods")
    {
        Description = "Show the control plane in kube-system as kubeadm does: each silo's kube-apiserver, etcd, kube-scheduler and kube-controller-manager mirror pods, CoreDNS and the kube-proxy DaemonSet; --system-pods=false leaves kube-system empty [env OKUBE_SYSTEM_PODS]",
        DefaultValueFactory = _ => !bool.TryParse(Environment.GetEnvironmentVariable("OKUBE_SYSTEM_PODS"), out var value) || value,
    };

    public Option<bool> CountCrossSiloCalls { get; } = new("--count-cross-silo-calls")
    {
        Description = "Count the grain calls this silo receives from other silos by method (okube_cross_silo_calls_total on /metrics); costs a little on every call [env OKUBE_COUNT_CROSS_SILO_CALLS]",
        DefaultValueFactory = _ => bool.TryParse(Environment.GetEnvironmentVariable("OKUBE_COUNT_CROSS_SILO_CALLS"), out var value) && value,
    };

    public Option<TimeSpan> EventTtl { get; } = new("--event-ttl")
    {
        Description = "How long an Event is kept after its last timestamp, in simulated time (upstream's --event-ttl), e.g. 1h, 30m [env OKUBE_EVENT_TTL]",
        CustomParser = result => ParseTtl(result, result.Tokens.Count > 0 ? result.Tokens[0].Value : null, "--event-ttl"),
        DefaultValueFactory = result => ParseTtl(result, Environment.GetEnvironmentVariable("OKUBE_EVENT_TTL") is { Length: > 0 } env ? env : null, "OKUBE_EVENT_TTL"),
    };

    public Option<string?> ApiAddress { get; } = new("--api-address")
    {
        Description = "IP address the Kubernetes API binds instead of loopback; it then serves TLS (a generated CA) and requires --token-auth-file [env OKUBE_API_ADDRESS]",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OKUBE_API_ADDRESS") is { Length: > 0 } env ? env : null,
    };

    public Option<string?> TokenAuthFile { get; } = new("--token-auth-file")
    {
        Description = "kube-apiserver's static token CSV (token,user,uid,\"group1,group2\"): every API request then needs a token; system:masters may write, others read [env OKUBE_TOKEN_AUTH_FILE]",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OKUBE_TOKEN_AUTH_FILE") is { Length: > 0 } env ? env : null,
    };

    public Option<string> ApiCertDir { get; } = new("--api-cert-dir")
    {
        Description = "Where the API's generated CA (ca.crt, for clients to trust) and serving certificate are kept [env OKUBE_API_CERT_DIR]",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OKUBE_API_CERT_DIR") is { Length: > 0 } env ? env : Api.Security.ApiSecurityOptions.DefaultCertificateDirectory,
    };

    public Option<string> ApiKubeconfig { get; } = new("--api-kubeconfig")
    {
        Description = "Where the silo writes a ready kubeconfig for its API at start (export KUBECONFIG=…) [env OKUBE_API_KUBECONFIG]",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OKUBE_API_KUBECONFIG") is { Length: > 0 } env ? env : Api.Security.ApiSecurityOptions.DefaultKubeconfigPath,
    };

    private static TimeSpan ParseTtl(System.CommandLine.Parsing.ArgumentResult result, string? text, string source)
    {
        if (text is null)
        {
            return Control.Store.EventRetention.DefaultTtl;
        }

        if (Model.Resources.GoDuration.Parse(text) is { } ttl && ttl > TimeSpan.Zero)
        {
            return ttl;
        }

        result.AddError($"{source}: Invalid value: \"{text}\": must be a duration greater than 0 such as 1h or 30m");
        return Control.Store.EventRetention.DefaultTtl;
    }

    private static int? ParseSeed(System.CommandLine.Parsing.ArgumentResult result, string? text, string source)
    {
        if (text is null)
        {
            return null;
        }

        var seed = Control.Simulation.Seeds.Parse(text, source, out var error);
        if (error is not null)
        {
            result.AddError(error);
        }

        return seed;
    }

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
