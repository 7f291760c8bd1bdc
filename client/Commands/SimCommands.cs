using System.CommandLine;
using OrleansKube.Control.Store;

namespace OrleansKube.Cli.Commands;

/// <summary>
/// <c>okctl sim …</c>: the simulator's own controls, which no real cluster has. Failure injection:
/// <c>sim node fail|recover NAME…</c> stops or restarts nodes' kubelets; <c>sim zone fail|recover ZONE</c>
/// does it to every node labelled <c>topology.kubernetes.io/zone=ZONE</c>.
/// </summary>
public static class SimCommands
{
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    public static Command Create(GlobalOptions global, OkctlContext context)
    {
        var node = new Command("node", "Fail or recover nodes' kubelets, or put a node under memory pressure")
        {
            NodeAction(global, context, fail: true),
            NodeAction(global, context, fail: false),
            Pressure(global, context),
        };
        var zone = new Command("zone", "Fail or recover every node of a zone")
        {
            ZoneAction(global, context, fail: true),
            ZoneAction(global, context, fail: false),
        };
        var nodes = new Command("nodes", "Add nodes from the cluster profile's pools, or delete nodes")
        {
            AddNodes(global, context),
            DeleteNodes(global, context),
        };
        return new Command("sim", "Control the simulation: nodes, failure injection") { node, zone, nodes };
    }

    private static Command NodeAction(GlobalOptions global, OkctlContext context, bool fail)
    {
        var names = new Argument<string[]>("NAME") { Arity = ArgumentArity.OneOrMore, Description = "The nodes" };
        var command = new Command(fail ? "fail" : "recover", fail
            ? "Stop the kubelet: no more lease renewals, pods keep their last status"
            : "Restart the kubelet: it reports Ready, renews its lease and resumes its pods") { names };
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var api = await context.ApiAsync(parse.GetValue(global.Server)!, ct);
            var client = await context.ClientAsync(parse.GetValue(global.Server)!, ct);
            var failed = false;
            foreach (var name in parse.GetValue(names)!)
            {
                if (await api.GetAsync(Kinds.Node.Kind, null, name) is null)
                {
                    await context.Err.WriteLineAsync($"Error from server (NotFound): {ApiError.NotFound(Kinds.Node, name).Message}");
                    failed = true;
                    continue;
                }

                await SetKubeletAsync(client, name, fail);
                await context.Out.WriteLineAsync($"node/{name} {(fail ? "failed" : "recovered")}");
            }

            return failed ? 1 : 0;
        }));
        return command;
    }

    private static Command Pressure(GlobalOptions global, OkctlContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The node" };
        var memory = new Option<string>("--memory")
        {
            Description = "Memory in use on the node besides its pods: a percentage of capacity the node's use reaches (95%), or a quantity (3Gi); 0 clears it",
            Required = true,
        };
        var command = new Command("pressure", "Use memory on a node outside its pods: the kubelet's eviction manager reacts (MemoryPressure, evictions)") { name, memory };
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var value = parse.GetValue(memory)!;
            var valid = value.EndsWith('%')
                ? double.TryParse(value[..^1], System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var percent) && percent is >= 0 and <= 100
                : Model.Resources.Quantity.TryParse(value, out var quantity) && quantity.Value >= 0;
            if (!valid)
            {
                throw new InvalidOperationException($"--memory: invalid value \"{value}\": must be a percentage of capacity (95%) or a quantity (3Gi)");
            }

            var node = parse.GetValue(name)!;
            var api = await context.ApiAsync(parse.GetValue(global.Server)!, ct);
            if (await api.GetAsync(Kinds.Node.Kind, null, node) is null)
            {
                throw new ApiException(ApiError.NotFound(Kinds.Node, node));
            }

            var client = await context.ClientAsync(parse.GetValue(global.Server)!, ct);
            await client.GetGrain<INodeGrain>(ObjectKey.For(Kinds.Node, null, node).ToString()).SetMemoryUseAsync(value);
            await context.Out.WriteLineAsync($"node/{node} memory in use set to {value}");
            return 0;
        }));
        return command;
    }

    private static Command ZoneAction(GlobalOptions global, OkctlContext context, bool fail)
    {
        var zoneName = new Argument<string>("ZONE") { Description = $"The value of the {ZoneLabel} label" };
        var command = new Command(fail ? "fail" : "recover", fail ? "Stop the kubelet of every node in the zone" : "Restart the kubelet of every node in the zone") { zoneName };
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var zone = parse.GetValue(zoneName)!;
            var api = await context.ApiAsync(parse.GetValue(global.Server)!, ct);
            var client = await context.ClientAsync(parse.GetValue(global.Server)!, ct);
            var nodes = await api.ListAsync(new ListQuery(Kinds.Node.Kind, null, $"{ZoneLabel}={zone}"));
            if (nodes.Count == 0)
            {
                await context.Err.WriteLineAsync($"error: no nodes in zone \"{zone}\" (label {ZoneLabel})");
                return 1;
            }

            await Task.WhenAll(nodes.Select(n => SetKubeletAsync(client, n.Metadata.Name!, fail)));
            await context.Out.WriteLineAsync($"zone/{zone} {(fail ? "failed" : "recovered")}: {nodes.Count} node(s)");
            return 0;
        }));
        return command;
    }

    private static Command AddNodes(GlobalOptions global, OkctlContext context)
    {
        var pool = new Option<string>("--pool") { Description = "The cluster profile's pool the nodes come from", Required = true };
        var count = new Option<int>("--count") { Description = "How many nodes", DefaultValueFactory = _ => 1 };
        var command = new Command("add", "Bring up more nodes of a pool (named after the pool, numbered on)") { pool, count };
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            if (parse.GetValue(count) < 1)
            {
                throw new InvalidOperationException($"--count: must be at least 1, got {parse.GetValue(count)}");
            }

            var client = await context.ClientAsync(parse.GetValue(global.Server)!, ct);
            foreach (var name in await client.GetGrain<ISimulationGrain>(0).AddNodesAsync(parse.GetValue(pool)!, parse.GetValue(count)))
            {
                await context.Out.WriteLineAsync($"node/{name} created");
            }

            return 0;
        }));
        return command;
    }

    private static Command DeleteNodes(GlobalOptions global, OkctlContext context)
    {
        var names = new Argument<string[]>("NAME") { Arity = ArgumentArity.OneOrMore, Description = "The nodes" };
        var command = new Command("delete", "Delete nodes: their kubelets stop and their pods are deleted") { names };
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var api = await context.ApiAsync(parse.GetValue(global.Server)!, ct);
            var failed = false;
            foreach (var name in parse.GetValue(names)!)
            {
                try
                {
                    await api.DeleteAsync(Kinds.Node.Kind, null, name);
                    await context.Out.WriteLineAsync($"node/{name} deleted");
                }
                catch (ApiException e) when (e.Reason == ApiErrorReason.NotFound)
                {
                    await context.Err.WriteLineAsync($"Error from server (NotFound): {e.Message}");
                    failed = true;
                }
            }

            return failed ? 1 : 0;
        }));
        return command;
    }

    private static Task SetKubeletAsync(IClusterClient client, string node, bool fail)
    {
        var grain = client.GetGrain<INodeGrain>(ObjectKey.For(Kinds.Node, null, node).ToString());
        return fail ? grain.FailKubeletAsync() : grain.RecoverKubeletAsync();
    }
}
