using System.CommandLine;
using System.Globalization;
using System.Text;
using OrleansKube.Cli;

namespace OrleansKube.LoadTests.Scenarios;

/// <summary>
/// One command per shipped scenario (<c>scenarios/*.yaml</c>), its params as options (<c>podsPerNode</c> →
/// <c>--pods-per-node</c>), and <c>run -f FILE --set k=v</c> for any scenario file.
/// </summary>
public static class ScenarioCommands
{
    public const string DefaultScenario = "density";

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "scenarios");

    public static IEnumerable<Command> Build()
    {
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var file = Scenario.Read(path);
            var command = new Command(file.Name!, file.Description ?? "");
            var common = new CommonOptions(command);
            var options = file.Params.Keys.Select(name => (Name: name, Option: new Option<double?>($"--{Kebab(name)}") { Description = $"the scenario's {name} (default {file.Params[name]})" })).ToList();
            options.ForEach(o => command.Options.Add(o.Option));
            command.SetAction((parse, ct) =>
            {
                var overrides = options.Where(o => parse.GetValue(o.Option) is not null).ToDictionary(o => o.Name, o => parse.GetValue(o.Option)!.Value, StringComparer.Ordinal);
                return RunAsync(path, overrides, common.Options(parse), ct);
            });
            yield return command;
        }
    }

    public static Command RunFile()
    {
        var file = new Option<string>("--filename", "-f") { Description = "The scenario file", Required = true };
        var set = new Option<string[]>("--set") { Description = "Override a param: NAME=NUMBER (repeatable)" };
        var command = new Command("run", "Run a scenario file") { file, set };
        var common = new CommonOptions(command);
        command.SetAction(async (parse, ct) =>
        {
            var overrides = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var pair in parse.GetValue(set) ?? [])
            {
                var parts = pair.Split('=', 2);
                if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    await Console.Error.WriteLineAsync($"error: --set: Invalid value: \"{pair}\": must be NAME=NUMBER");
                    return 1;
                }

                overrides[parts[0]] = value;
            }

            return await RunAsync(parse.GetValue(file)!, overrides, common.Options(parse), ct);
        });
        return command;
    }

    /// <summary>The embedded silo's <c>--seed</c> (its <see cref="Grains.Hosting.OrleansKubeOptions.Seed"/>); a bad value is a parse error naming the option.</summary>
    public static Option<int?> SeedOption() => new("--seed")
    {
        Description = "Seed the embedded silo's random choices (scheduler tie-breaks, generated names, the run's namespaces) so a run can be repeated",
        CustomParser = result =>
        {
            var seed = Control.Simulation.Seeds.Parse(result.Tokens[0].Value, "--seed", out var error);
            if (error is not null)
            {
                result.AddError(error);
            }

            return seed;
        },
    };

    public static Task<int> RunDefaultAsync(CancellationToken cancellationToken) =>
        RunAsync(Path.Combine(Directory, $"{DefaultScenario}.yaml"), new Dictionary<string, double>(), new RunOptions(null, null), cancellationToken);

    private static async Task<int> RunAsync(string path, IReadOnlyDictionary<string, double> overrides, RunOptions options, CancellationToken cancellationToken)
    {
        if (options.Gateway is not null && options.ApiWatchers > 0)
        {
            await Console.Error.WriteLineAsync("error: --api-watchers: watches the embedded silo's REST API; leave it out with --gateway");
            return 1;
        }

        if (options.ApiWatchers < 0)
        {
            await Console.Error.WriteLineAsync("error: --api-watchers: must be 0 or more");
            return 1;
        }

        if (options.Gateway is not null && options.Seed is not null)
        {
            // The running cluster's randomness is its silos' (their own --seed).
            await Console.Error.WriteLineAsync("error: --seed: seeds only the embedded silo; leave it out with --gateway and start the cluster's silos with --seed");
            return 1;
        }

        Scenario scenario;
        try
        {
            scenario = Scenario.Compile(Scenario.Read(path), overrides);
        }
        catch (Exception e) when (e is ScenarioException or IOException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }

        return await ScenarioRunner.RunAsync(scenario, options, Console.Out, cancellationToken);
    }

    /// <summary><c>podsPerNode</c> → <c>pods-per-node</c>.</summary>
    public static string Kebab(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name)
        {
            text.Append(char.IsUpper(c) ? $"-{char.ToLowerInvariant(c)}" : c);
        }

        return text.ToString();
    }

    private sealed class CommonOptions
    {
        private readonly Option<string> _gateway = new("--gateway") { Description = "Drive an existing silo cluster (host:port of a gateway; several separated by commas or with the option repeated, any live one serves) instead of an embedded silo; its nodes are used as they are" };
        private readonly Option<string?> _out = new("--out") { Description = "Where result.json, report.md and the charts go (default loadtest-results/SCENARIO-TIME)" };
        private readonly Option<int> _metricsPort = new("--metrics-port") { Description = "Serve the embedded silo's Prometheus metrics on this port while the run lasts (0: off)", DefaultValueFactory = _ => 0 };
        private readonly Option<int?> _seed = SeedOption();
        private readonly Option<int> _apiWatchers = new("--api-watchers") { Description = "Serve the embedded silo's REST API and have N HTTP clients watch every pod while the run lasts (0: off)", DefaultValueFactory = _ => 0 };
        private readonly Option<int> _floorCalls = new("--floor-calls") { Description = "Grain calls of the ping burst that measures an in-silo call's CPU before the run (0: off)", DefaultValueFactory = _ => Cost.CallFloor.DefaultCalls };

        public CommonOptions(Command command)
        {
            ClusterConnection.Gateways(_gateway);
            command.Options.Add(_gateway);
            command.Options.Add(_out);
            command.Options.Add(_metricsPort);
            command.Options.Add(_seed);
            command.Options.Add(_apiWatchers);
            command.Options.Add(_floorCalls);
        }

        public RunOptions Options(ParseResult parse) => new(parse.GetValue(_gateway), parse.GetValue(_out), parse.GetValue(_metricsPort), Seed: parse.GetValue(_seed), ApiWatchers: parse.GetValue(_apiWatchers), FloorCalls: Math.Max(0, parse.GetValue(_floorCalls)));
    }
}
