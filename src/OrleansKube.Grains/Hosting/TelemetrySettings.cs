namespace OrleansKube.Grains.Hosting;

/// <summary>Where a silo's telemetry goes.</summary>
public sealed record TelemetrySettings
{
    public const int DefaultPrometheusPort = 9464;

    /// <summary>Loopback port of the Prometheus scrape endpoint; 0 turns it off.</summary>
    public int PrometheusPort { get; init; } = DefaultPrometheusPort;

    /// <summary>
    /// HttpListener prefixes of the scrape endpoint when it is not on loopback (<c>http://+:9464/metrics/</c>); null
    /// serves it on both names of loopback.
    /// </summary>
    public IReadOnlyList<string>? ListenPrefixes { get; init; }

    /// <summary>An OTLP (gRPC) collector for metrics and traces; null exports neither there (and records no traces).</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>The share of pods whose life is traced (upstream's tracing samples the same way, per trace).</summary>
    public double TraceSampleRatio { get; init; } = 0.01;

    /// <summary>Counts the grain calls the silo receives from other silos, by method (<see cref="CrossSiloCalls"/>).</summary>
    public bool CountCrossSiloCalls { get; init; }
}
