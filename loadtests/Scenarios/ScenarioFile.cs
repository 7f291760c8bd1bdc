namespace OrleansKube.LoadTests.Scenarios;

// The YAML form of a scenario, as written: every number may be a ${…} expression over the params, so fields
// are strings until Scenario.Compile resolves them. Field names are the YAML keys (camelCase).

public sealed class ScenarioFile
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    /// <summary>Named numbers the rest of the file refers to as <c>${name}</c>; each becomes a command-line option (<c>podsPerNode</c> → <c>--pods-per-node</c>).</summary>
    public Dictionary<string, string> Params { get; set; } = [];

    public ClusterFile Cluster { get; set; } = new();

    public List<StepFile> Steps { get; set; } = [];

    public SloFile Slos { get; set; } = new();
}

/// <summary>The embedded silo's cluster (with <c>--gateway</c> the existing cluster is used as it is).</summary>
public sealed class ClusterFile
{
    public string Nodes { get; set; } = "100";

    public string Cpu { get; set; } = "32";

    public string Memory { get; set; } = "256Gi";

    public string MaxPods { get; set; } = "110";

    public List<string> Zones { get; set; } = ["zone-a", "zone-b", "zone-c"];

    /// <summary>Simulated container start time, seconds.</summary>
    public string PodStartSeconds { get; set; } = "0";

    /// <summary>The simulation clock runs this many times faster than wall time.</summary>
    public string TimeScale { get; set; } = "1";
}

/// <summary>One step: exactly one action, and an optional name for the report.</summary>
public sealed class StepFile
{
    public string? Name { get; set; }

    public CreateDeploymentsFile? CreateDeployments { get; set; }

    public CreatePodsFile? CreatePods { get; set; }

    public WaitFile? WaitForRunning { get; set; }

    public WaitFile? WaitForDeleted { get; set; }

    public ScaleDeploymentsFile? ScaleDeployments { get; set; }

    public PacedFile? UpdateDeployments { get; set; }

    public PacedFile? DeleteDeployments { get; set; }

    public ZoneFile? FailZone { get; set; }

    public ZoneFile? RecoverZone { get; set; }

    public string? Sleep { get; set; }

    public RepeatFile? Repeat { get; set; }

    /// <summary>Simulated time to let pass at once (embedded silo only), e.g. <c>1h</c>.</summary>
    public string? Advance { get; set; }

    public HeapBaselineFile? HeapBaseline { get; set; }

    public HeapCheckFile? HeapCheck { get; set; }
}

/// <summary>Records the embedded silo's managed heap after a full collection (<c>heapBaseline: {}</c>).</summary>
public class HeapBaselineFile
{
    /// <summary>Deactivate grains idle this long (wall time) first, as Orleans' idle collection would after its collection age.</summary>
    public string? CollectIdle { get; set; }

    /// <summary>A file to write a heap snapshot to after the collection (dotnet-gcdump), to compare what the heap holds.</summary>
    public string? Gcdump { get; set; }
}

/// <summary>Compares the embedded silo's managed heap after a full collection with the baseline.</summary>
public sealed class HeapCheckFile : HeapBaselineFile
{
    /// <summary>The most the heap may be, as a multiple of the baseline.</summary>
    public string MaxRatio { get; set; } = "1.5";
}

public class PacedFile
{
    /// <summary>API requests per second (ClusterLoader2's qps tuning set).</summary>
    public string Qps { get; set; } = "20";
}

public sealed class CreateDeploymentsFile : PacedFile
{
    /// <summary>Pods in all, spread over Deployments of <see cref="ReplicasPerDeployment"/> (the last takes the remainder).</summary>
    public string? Pods { get; set; }

    public string ReplicasPerDeployment { get; set; } = "100";

    /// <summary>Namespaces the Deployments are spread over, round robin.</summary>
    public string Namespaces { get; set; } = "1";

    /// <summary>The pods' tolerationSeconds for node.kubernetes.io/not-ready and unreachable (upstream adds 300 at admission).</summary>
    public string? TolerationSeconds { get; set; }
}

public sealed class CreatePodsFile : PacedFile
{
    public string? Pods { get; set; }

    public string Namespaces { get; set; } = "1";

    /// <summary>Pods per create request (qps counts requests).</summary>
    public string Batch { get; set; } = "100";
}

public sealed class ScaleDeploymentsFile : PacedFile
{
    public string? ReplicasPerDeployment { get; set; }
}

public sealed class WaitFile
{
    public string Timeout { get; set; } = "10m";
}

public sealed class ZoneFile
{
    public string? Zone { get; set; }
}

public sealed class RepeatFile
{
    public string Times { get; set; } = "1";

    public List<StepFile> Steps { get; set; } = [];
}

/// <summary>The verdicts a run is held to (upstream's SLOs by default).</summary>
public sealed class SloFile
{
    /// <summary>Pod startup latency p99 (creation → Running), seconds; upstream's SLO is 5 s.</summary>
    public string PodStartupP99 { get; set; } = "5";

    /// <summary>Mutating API call latency p99, seconds; upstream's SLO is 1 s.</summary>
    public string MutatingApiP99 { get; set; } = "1";
}
