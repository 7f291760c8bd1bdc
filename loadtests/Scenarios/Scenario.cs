using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OrleansKube.LoadTests.Scenarios;

/// <summary>A scenario file or its values was wrong: the message names the field and the reason.</summary>
public sealed class ScenarioException(string message) : Exception(message);

/// <summary>A scenario with every param resolved: what the runner executes.</summary>
public sealed partial record Scenario(
    string Name,
    string Description,
    IReadOnlyDictionary<string, double> Params,
    ClusterShape Cluster,
    IReadOnlyList<Step> Steps,
    Slos Slos)
{
    /// <summary>Reads a scenario file (nothing resolved yet).</summary>
    public static ScenarioFile Read(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses a scenario's YAML; <paramref name="source"/> (a file name) prefixes errors and names an unnamed scenario.</summary>
    public static ScenarioFile Parse(string yaml, string source)
    {
        try
        {
            var file = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build()
                .Deserialize<ScenarioFile>(yaml) ?? throw new ScenarioException($"{source}: the file is empty");
            file.Name ??= Path.GetFileNameWithoutExtension(source);
            return file;
        }
        catch (YamlException e)
        {
            throw new ScenarioException($"{source}:{e.Start.Line}: {e.InnerException?.Message ?? e.Message}");
        }
    }

    /// <summary>Resolves the file's params (each overridden by <paramref name="overrides"/>) and every expression; errors name the field.</summary>
    public static Scenario Compile(ScenarioFile file, IReadOnlyDictionary<string, double>? overrides = null)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, text) in file.Params)
        {
            values[name] = overrides?.TryGetValue(name, out var given) == true ? given : Expression.Evaluate(text, values, $"params.{name}");
        }

        if (overrides?.Keys.FirstOrDefault(k => !values.ContainsKey(k)) is { } unknown)
        {
            throw new ScenarioException($"params.{unknown}: the scenario has no such param (known: {string.Join(", ", values.Keys)})");
        }

        var resolve = new Resolver(values);
        var cluster = new ClusterShape(
            resolve.Int(file.Cluster.Nodes, "cluster.nodes", min: 1),
            resolve.Quantity(file.Cluster.Cpu, "cluster.cpu"),
            resolve.Quantity(file.Cluster.Memory, "cluster.memory"),
            resolve.Int(file.Cluster.MaxPods, "cluster.maxPods", min: 1),
            file.Cluster.Zones is { Count: > 0 } zones ? zones : throw new ScenarioException("cluster.zones: Required value: at least one zone"),
            TimeSpan.FromSeconds(resolve.Number(file.Cluster.PodStartSeconds, "cluster.podStartSeconds", min: 0)),
            resolve.Number(file.Cluster.TimeScale, "cluster.timeScale", min: double.Epsilon));
        var steps = CompileSteps(file.Steps, "steps", resolve);
        if (steps.Count == 0)
        {
            throw new ScenarioException("steps: Required value: a scenario needs at least one step");
        }

        var slos = new Slos(resolve.Number(file.Slos.PodStartupP99, "slos.podStartupP99", min: 0), resolve.Number(file.Slos.MutatingApiP99, "slos.mutatingApiP99", min: 0));
        return new Scenario(file.Name ?? "scenario", file.Description ?? "", values, cluster, steps, slos);
    }

    private static List<Step> CompileSteps(List<StepFile> files, string path, Resolver resolve)
    {
        var steps = new List<Step>();
        for (var i = 0; i < files.Count; i++)
        {
            var at = $"{path}[{i}]";
            var file = files[i];
            object?[] actions = [file.CreateDeployments, file.CreatePods, file.WaitForRunning, file.WaitForDeleted, file.ScaleDeployments, file.UpdateDeployments, file.DeleteDeployments, file.FailZone, file.RecoverZone, file.Sleep, file.Repeat, file.Advance, file.HeapBaseline, file.HeapCheck];
            if (actions.Count(a => a is not null) != 1)
            {
                throw new ScenarioException($"{at}: Invalid value: a step needs exactly one action (createDeployments, createPods, waitForRunning, waitForDeleted, scaleDeployments, updateDeployments, deleteDeployments, failZone, recoverZone, sleep, repeat, advance, heapBaseline, heapCheck)");
            }

            Step step = actions.Single(a => a is not null) switch
            {
                CreateDeploymentsFile c => new CreateDeployments(
                    resolve.Int(c.Pods ?? throw Required($"{at}.createDeployments.pods"), $"{at}.createDeployments.pods", min: 1),
                    resolve.Int(c.ReplicasPerDeployment, $"{at}.createDeployments.replicasPerDeployment", min: 1),
                    resolve.Int(c.Namespaces, $"{at}.createDeployments.namespaces", min: 1),
                    resolve.Number(c.Qps, $"{at}.createDeployments.qps", min: double.Epsilon),
                    c.TolerationSeconds is { } toleration ? resolve.Int(toleration, $"{at}.createDeployments.tolerationSeconds", min: 0) : null),
                CreatePodsFile c => new CreatePods(
                    resolve.Int(c.Pods ?? throw Required($"{at}.createPods.pods"), $"{at}.createPods.pods", min: 1),
                    resolve.Int(c.Namespaces, $"{at}.createPods.namespaces", min: 1),
                    resolve.Int(c.Batch, $"{at}.createPods.batch", min: 1),
                    resolve.Number(c.Qps, $"{at}.createPods.qps", min: double.Epsilon)),
                WaitFile w when ReferenceEquals(w, file.WaitForRunning) => new WaitForRunning(resolve.Duration(w.Timeout, $"{at}.waitForRunning.timeout")),
                WaitFile w => new WaitForDeleted(resolve.Duration(w.Timeout, $"{at}.waitForDeleted.timeout")),
                ScaleDeploymentsFile s => new ScaleDeployments(
                    resolve.Int(s.ReplicasPerDeployment ?? throw Required($"{at}.scaleDeployments.replicasPerDeployment"), $"{at}.scaleDeployments.replicasPerDeployment", min: 0),
                    resolve.Number(s.Qps, $"{at}.scaleDeployments.qps", min: double.Epsilon)),
                PacedFile p when ReferenceEquals(p, file.UpdateDeployments) => new UpdateDeployments(resolve.Number(p.Qps, $"{at}.updateDeployments.qps", min: double.Epsilon)),
                PacedFile p => new DeleteDeployments(resolve.Number(p.Qps, $"{at}.deleteDeployments.qps", min: double.Epsilon)),
                ZoneFile z when ReferenceEquals(z, file.FailZone) => new FailZone(z.Zone ?? throw Required($"{at}.failZone.zone")),
                ZoneFile z => new RecoverZone(z.Zone ?? throw Required($"{at}.recoverZone.zone")),
                string sleep when ReferenceEquals(sleep, file.Sleep) => new Sleep(resolve.Duration(sleep, $"{at}.sleep")),
                string advance => new Advance(resolve.Duration(advance, $"{at}.advance")),
                HeapCheckFile h => new HeapCheck(
                    resolve.Number(h.MaxRatio, $"{at}.heapCheck.maxRatio", min: double.Epsilon),
                    h.CollectIdle is { } idle ? resolve.Duration(idle, $"{at}.heapCheck.collectIdle") : null,
                    h.Gcdump),
                HeapBaselineFile b => new HeapBaseline(b.CollectIdle is { } idle ? resolve.Duration(idle, $"{at}.heapBaseline.collectIdle") : null, b.Gcdump),
                RepeatFile r => new Repeat(resolve.Int(r.Times, $"{at}.repeat.times", min: 0), CompileSteps(r.Steps, $"{at}.repeat.steps", resolve)),
                _ => throw new InvalidOperationException("unreachable"),
            };
            steps.Add(step with { Name = file.Name ?? step.Name });
        }

        return steps;
    }

    private static ScenarioException Required(string field) => new($"{field}: Required value");

    private sealed partial class Resolver(IReadOnlyDictionary<string, double> values)
    {
        public double Number(string text, string field, double min)
        {
            var resolved = Expression.Substitute(text, values, field).Trim();
            if (!double.TryParse(resolved, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
            {
                throw new ScenarioException($"{field}: Invalid value: \"{text}\": must be a number");
            }

            return number >= min ? number : throw new ScenarioException($"{field}: Invalid value: {number.ToString(CultureInfo.InvariantCulture)}: must be {(min == double.Epsilon ? "greater than 0" : $"at least {min.ToString(CultureInfo.InvariantCulture)}")}");
        }

        public int Int(string text, string field, int min)
        {
            var number = Number(text, field, min);
            return number == Math.Floor(number) && number <= int.MaxValue ? (int)number : throw new ScenarioException($"{field}: Invalid value: {number.ToString(CultureInfo.InvariantCulture)}: must be a whole number");
        }

        public string Quantity(string text, string field)
        {
            var resolved = Expression.Substitute(text, values, field).Trim();
            return Model.Resources.Quantity.TryParse(resolved, out _) ? resolved : throw new ScenarioException($"{field}: Invalid value: \"{text}\": must be a quantity");
        }

        public TimeSpan Duration(string text, string field)
        {
            var resolved = Expression.Substitute(text, values, field).Trim();
            var match = DurationPattern().Match(resolved);
            if (!match.Success)
            {
                throw new ScenarioException($"{field}: Invalid value: \"{text}\": must be a duration such as 30s, 5m or 1h");
            }

            var amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return match.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromHours(amount),
            };
        }

        [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m|h)$")]
        private static partial Regex DurationPattern();
    }
}

/// <summary>The embedded silo's nodes: one pool, spread over the zones.</summary>
public sealed record ClusterShape(int Nodes, string Cpu, string Memory, int MaxPods, IReadOnlyList<string> Zones, TimeSpan PodStartDelay, double TimeScale);

public sealed record Slos(double PodStartupP99Seconds, double MutatingApiP99Seconds);

public abstract record Step(string Name);

public sealed record CreateDeployments(int Pods, int ReplicasPerDeployment, int Namespaces, double Qps, int? TolerationSeconds) : Step("create deployments");

public sealed record CreatePods(int Pods, int Namespaces, int Batch, double Qps) : Step("create pods");

public sealed record WaitForRunning(TimeSpan Timeout) : Step("wait for running");

public sealed record WaitForDeleted(TimeSpan Timeout) : Step("wait for deleted");

public sealed record ScaleDeployments(int ReplicasPerDeployment, double Qps) : Step("scale deployments");

public sealed record UpdateDeployments(double Qps) : Step("rolling update");

public sealed record DeleteDeployments(double Qps) : Step("delete deployments");

public sealed record FailZone(string Zone) : Step("fail zone");

public sealed record RecoverZone(string Zone) : Step("recover zone");

public sealed record Sleep(TimeSpan Duration) : Step("sleep");

public sealed record Repeat(int Times, IReadOnlyList<Step> Steps) : Step("repeat");

/// <summary>Moves the embedded silo's simulation clock forward by <paramref name="By"/>, letting every timer due on the way fire.</summary>
public sealed record Advance(TimeSpan By) : Step("advance");

/// <summary>Records the heap after a full collection; first deactivates grains idle for <paramref name="CollectIdle"/> of wall time when given.</summary>
public sealed record HeapBaseline(TimeSpan? CollectIdle, string? Gcdump = null) : Step("heap baseline");

/// <summary>
/// Fails when the heap is over <paramref name="MaxRatio"/> × the baseline; first deactivates grains idle for
/// <paramref name="CollectIdle"/> of wall time when given (Orleans' idle collection, which an advanced clock does not drive).
/// </summary>
public sealed record HeapCheck(double MaxRatio, TimeSpan? CollectIdle, string? Gcdump = null) : Step("heap check");
