using System.Globalization;
using OrleansKube.Manifests.Validation;

namespace OrleansKube.Manifests.Simulation;

/// <summary>
/// How a simulated pod's containers behave, from annotations on the pod (prefix <c>sim.orleanskube.io/</c>)
/// over the cluster profile's defaults. Durations are seconds (decimals allowed); unset <c>run-seconds</c>
/// means the containers run until stopped, unset <c>liveness-fail-after-seconds</c> that liveness never fails,
/// unset <c>memory-usage</c> that the pod uses what it requests.
/// </summary>
public sealed record WorkloadBehaviour
{
    public const string Prefix = "sim.orleanskube.io/";
    public const string StartSecondsKey = Prefix + "start-seconds";
    public const string RunSecondsKey = Prefix + "run-seconds";
    public const string ExitCodeKey = Prefix + "exit-code";
    public const string ReadyAfterSecondsKey = Prefix + "ready-after-seconds";
    public const string LivenessFailAfterSecondsKey = Prefix + "liveness-fail-after-seconds";
    public const string InitSecondsKey = Prefix + "init-seconds";
    public const string InitExitCodeKey = Prefix + "init-exit-code";
    public const string PostStartSecondsKey = Prefix + "post-start-seconds";
    public const string PreStopSecondsKey = Prefix + "pre-stop-seconds";
    public const string StopSecondsKey = Prefix + "stop-seconds";
    public const string MemoryUsageKey = Prefix + "memory-usage";

    /// <summary>The pod's cpu use, read only by the HorizontalPodAutoscaler's metrics (see <see cref="UsageSchedule"/>).</summary>
    public const string CpuUsageKey = Prefix + "cpu-usage";

    private static readonly string[] DurationKeys = [StartSecondsKey, RunSecondsKey, ReadyAfterSecondsKey, LivenessFailAfterSecondsKey, InitSecondsKey, PostStartSecondsKey, PreStopSecondsKey, StopSecondsKey];
    private static readonly string[] ExitCodeKeys = [ExitCodeKey, InitExitCodeKey];

    /// <summary>From admission until the containers are created (image pull and creation).</summary>
    public TimeSpan StartDelay { get; init; }

    /// <summary>How long a main container runs before it exits by itself; null: until stopped.</summary>
    public TimeSpan? RunFor { get; init; }

    public int ExitCode { get; init; }

    /// <summary>From a container's start until its readiness probe passes.</summary>
    public TimeSpan ReadyAfter { get; init; }

    /// <summary>From a container's start until its liveness probe fails; null: never.</summary>
    public TimeSpan? LivenessFailsAfter { get; init; }

    /// <summary>How long each init container runs.</summary>
    public TimeSpan InitRunFor { get; init; }

    public int InitExitCode { get; init; }

    /// <summary>How long a declared postStart hook takes (the container is not ready before it is done).</summary>
    public TimeSpan PostStart { get; init; }

    /// <summary>How long a declared preStop hook takes when the pod is deleted.</summary>
    public TimeSpan PreStop { get; init; }

    /// <summary>How long a container takes to exit after SIGTERM.</summary>
    public TimeSpan StopTakes { get; init; }

    /// <summary>The memory the pod's containers use while running (bytes); null: what they request.</summary>
    public long? MemoryUsage { get; init; }

    /// <summary>The behaviour of a pod: its annotations over <paramref name="defaults"/> (annotations are validated on create, so bad ones are ignored here).</summary>
    public static WorkloadBehaviour For(IReadOnlyDictionary<string, string>? annotations, WorkloadBehaviour defaults)
    {
        if (annotations is null || !annotations.Keys.Any(k => k.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            return defaults;
        }

        TimeSpan Duration(string key, TimeSpan fallback) => annotations.TryGetValue(key, out var v) && TryParseSeconds(v, out var d) ? d : fallback;
        TimeSpan? Optional(string key, TimeSpan? fallback) => annotations.TryGetValue(key, out var v) && TryParseSeconds(v, out var d) ? d : fallback;
        int Code(string key, int fallback) => annotations.TryGetValue(key, out var v) && TryParseExitCode(v, out var c) ? c : fallback;
        return new WorkloadBehaviour
        {
            StartDelay = Duration(StartSecondsKey, defaults.StartDelay),
            RunFor = Optional(RunSecondsKey, defaults.RunFor),
            ExitCode = Code(ExitCodeKey, defaults.ExitCode),
            ReadyAfter = Duration(ReadyAfterSecondsKey, defaults.ReadyAfter),
            LivenessFailsAfter = Optional(LivenessFailAfterSecondsKey, defaults.LivenessFailsAfter),
            InitRunFor = Duration(InitSecondsKey, defaults.InitRunFor),
            InitExitCode = Code(InitExitCodeKey, defaults.InitExitCode),
            PostStart = Duration(PostStartSecondsKey, defaults.PostStart),
            PreStop = Duration(PreStopSecondsKey, defaults.PreStop),
            StopTakes = Duration(StopSecondsKey, defaults.StopTakes),
            MemoryUsage = annotations.TryGetValue(MemoryUsageKey, out var usage) && Quantity.TryParse(usage, out var bytes) && bytes.Value >= 0 ? bytes.Value : defaults.MemoryUsage,
        };
    }

    /// <summary>Checks the <c>sim.orleanskube.io/</c> annotations: known keys only, durations as non-negative seconds, exit codes 0–255.</summary>
    public static void Validate(IReadOnlyDictionary<string, string>? annotations, string path, List<FieldError> errors)
    {
        foreach (var (key, value) in annotations ?? new Dictionary<string, string>())
        {
            if (!key.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var field = $"{path}[{key}]";
            if (DurationKeys.Contains(key))
            {
                if (!TryParseSeconds(value, out _))
                {
                    errors.Add(FieldError.Invalid(field, value, "must be a non-negative number of seconds"));
                }
            }
            else if (ExitCodeKeys.Contains(key))
            {
                if (!TryParseExitCode(value, out _))
                {
                    errors.Add(FieldError.Invalid(field, value, "must be an integer between 0 and 255"));
                }
            }
            else if (key == MemoryUsageKey)
            {
                if (!Quantity.TryParse(value, out var usage) || usage.Value < 0)
                {
                    errors.Add(FieldError.Invalid(field, value, "must be a quantity of memory, such as 256Mi"));
                }
            }
            else if (key == CpuUsageKey)
            {
                if (!UsageSchedule.TryParse(value, out _))
                {
                    errors.Add(FieldError.Invalid(field, value, "must be a quantity of cpu (400m), a percentage of the pod's cpu request (80%), or a schedule of them by seconds since the pod's start (100m; 60s=500m; 300s=100m)"));
                }
            }
            else
            {
                errors.Add(FieldError.NotSupported(field, key, [.. DurationKeys, .. ExitCodeKeys, MemoryUsageKey, CpuUsageKey]));
            }
        }
    }

    private static bool TryParseSeconds(string value, out TimeSpan duration)
    {
        duration = default;
        if (!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    private static bool TryParseExitCode(string value, out int code) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out code) && code is >= 0 and <= 255;
}
