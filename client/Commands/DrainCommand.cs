using System.CommandLine;
using System.Diagnostics;
using OrleansKube.Control.Nodes;
using OrleansKube.Model.Resources;

namespace OrleansKube.Cli.Commands;

/// <summary>
/// <c>drain NODE</c> as kubectl does it: cordon, refuse (or, with the flags, let go) DaemonSet-managed, emptyDir
/// and unmanaged pods, evict the rest through the Eviction API and wait until they are gone.
/// </summary>
public static class DrainCommand
{
    public static Command Create(GlobalOptions global, OkctlContext context)
    {
        var nodeName = new Argument<string>("NODE") { Description = "The node to drain" };
        var ignoreDaemonSets = new Option<bool>("--ignore-daemonsets") { Description = "Ignore DaemonSet-managed pods." };
        var deleteEmptyDir = new Option<bool>("--delete-emptydir-data") { Description = "Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained)." };
        var force = new Option<bool>("--force") { Description = "Continue even if there are pods that do not declare a controller." };
        var gracePeriod = new Option<int>("--grace-period") { Description = "Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.", DefaultValueFactory = _ => -1 };
        var timeout = new Option<string>("--timeout") { Description = "The length of time to wait before giving up, zero means infinite", DefaultValueFactory = _ => "0s" };
        var command = new Command("drain", "Drain node in preparation for maintenance") { nodeName, ignoreDaemonSets, deleteEmptyDir, force, gracePeriod, timeout };
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var limit = GoDuration.Parse(parse.GetValue(timeout)!) ?? throw new InvalidOperationException($"invalid argument \"{parse.GetValue(timeout)}\" for \"--timeout\" flag: time: invalid duration \"{parse.GetValue(timeout)}\"");
            var api = await context.ApiAsync(parse.GetValue(global.Server)!, ct);
            var name = parse.GetValue(nodeName)!;
            var cordoned = await EditCommands.EditAsync(api, Kinds.Node, null, name, obj =>
            {
                var node = (Node)obj;
                if (node.Spec?.Unschedulable == true)
                {
                    return false;
                }

                node.Spec ??= new NodeSpec();
                node.Spec.Unschedulable = true;
                return true;
            });
            await context.Out.WriteLineAsync(cordoned ? $"node/{name} cordoned" : $"node/{name} already cordoned");

            var pods = (await api.ListAsync(new ListQuery(Kinds.Pod.Kind, null, FieldSelector: $"spec.nodeName={name}"))).Cast<Pod>()
                .Where(p => p.Metadata.DeletionTimestamp is null);
            var plan = DrainPlan.For(pods, new DrainOptions(parse.GetValue(ignoreDaemonSets), parse.GetValue(deleteEmptyDir), parse.GetValue(force)));
            if (plan.Errors.Count > 0)
            {
                await context.Err.WriteLineAsync($"error: unable to drain node \"{name}\" due to error: {plan.ErrorText}, continuing command...");
                await context.Err.WriteLineAsync("There are pending nodes to be drained:");
                await context.Err.WriteLineAsync($" {name}");
                foreach (var error in plan.Errors)
                {
                    await context.Err.WriteLineAsync($"error: {error}");
                }

                return 1;
            }

            if (plan.Warnings.Count > 0)
            {
                await context.Err.WriteLineAsync($"Warning: {string.Join("; ", plan.Warnings)}");
            }

            long? grace = parse.GetValue(gracePeriod) is >= 0 and var g ? g : null;
            foreach (var pod in plan.ToEvict)
            {
                await context.Out.WriteLineAsync($"evicting pod {pod.Metadata.Namespace}/{pod.Metadata.Name}");
                await api.EvictAsync(pod.Metadata.Namespace!, pod.Metadata.Name!, grace);
            }

            var clock = Stopwatch.StartNew();
            var waiting = plan.ToEvict.ToList();
            while (waiting.Count > 0)
            {
                foreach (var pod in waiting.ToList())
                {
                    if (await api.GetAsync(Kinds.Pod.Kind, pod.Metadata.Namespace, pod.Metadata.Name!) is not Pod current || current.Metadata.Uid != pod.Metadata.Uid)
                    {
                        waiting.Remove(pod);
                        await context.Out.WriteLineAsync($"pod/{pod.Metadata.Name} evicted");
                    }
                }

                if (waiting.Count > 0 && limit > TimeSpan.Zero && clock.Elapsed >= limit)
                {
                    var reasons = waiting.Select(p => $"error when waiting for pod \"{p.Metadata.Name}\" in namespace \"{p.Metadata.Namespace}\" to terminate: global timeout reached: {parse.GetValue(timeout)}");
                    await context.Err.WriteLineAsync($"error: unable to drain node \"{name}\" due to error: [{string.Join(", ", reasons)}], continuing command...");
                    await context.Err.WriteLineAsync("There are pending nodes to be drained:");
                    await context.Err.WriteLineAsync($" {name}");
                    return 1;
                }

                if (waiting.Count > 0)
                {
                    await Task.Delay(100, ct);
                }
            }

            await context.Out.WriteLineAsync($"node/{name} drained");
            return 0;
        }));
        return command;
    }
}
