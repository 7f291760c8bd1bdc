using System.CommandLine;
using OrleansKube.Control.Nodes;
using OrleansKube.Control.Store;
using OrleansKube.Model.Resources;

namespace OrleansKube.Cli.Commands;

/// <summary>
/// <c>drain NODE</c> as kubectl does it: cordon, refuse (or, with the flags, let go) DaemonSet-managed, emptyDir
/// and unmanaged pods, evict the rest through the Eviction API (again every 5 s, on the context's clock, while a
/// disruption budget refuses) and wait until they are gone.
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
            DateTimeOffset? deadline = limit > TimeSpan.Zero ? context.Time.GetUtcNow() + limit : null;
            // As kubectl, every pod is evicted and waited for on its own, side by side: one held by its disruption budget
            // does not hold up the others.
            var failures = (await Task.WhenAll(plan.ToEvict.Select(pod => EvictAndWaitAsync(api, context, pod, grace, deadline, parse.GetValue(timeout)!, ct))))
                .OfType<string>().ToList();
            if (failures.Count > 0)
            {
                var text = failures.Count == 1 ? failures[0] : $"[{string.Join(", ", failures)}]";
                await context.Err.WriteLineAsync($"error: unable to drain node \"{name}\" due to error: {text}, continuing command...");
                await context.Err.WriteLineAsync("There are pending nodes to be drained:");
                await context.Err.WriteLineAsync($" {name}");
                return 1;
            }

            await context.Out.WriteLineAsync($"node/{name} drained");
            return 0;
        }));
        return command;
    }

    /// <summary>Evicts one pod (again after 5 s while its budget refuses) and waits until it is gone; the error, if it fails.</summary>
    private static async Task<string?> EvictAndWaitAsync(IApiGrain api, OkctlContext context, Pod pod, long? grace, DateTimeOffset? deadline, string timeout, CancellationToken ct)
    {
        var ns = pod.Metadata.Namespace!;
        var podName = pod.Metadata.Name!;
        while (true)
        {
            await context.Out.WriteLineAsync(DrainEviction.Evicting(pod));
            if (context.Time.GetUtcNow() >= deadline)
            {
                return $"error when evicting pods/\"{podName}\" -n \"{ns}\": global timeout reached: {timeout}";
            }

            try
            {
                await api.EvictAsync(ns, podName, grace);
                break;
            }
            catch (ApiException e) when (e.Reason == ApiErrorReason.NotFound)
            {
                return null;
            }
            catch (ApiException e) when (DrainEviction.Retries(e.Reason))
            {
                await context.Err.WriteLineAsync(DrainEviction.WillRetry(pod, e.Message));
                await Task.Delay(DrainEviction.RetryDelay, context.Time, ct);
            }
            catch (ApiException e)
            {
                return DrainEviction.Failed(pod, e.Message);
            }
        }

        // Gone, or replaced by a pod of the same name: kubectl polls until the pod it evicted is no more.
        while (await api.GetAsync(Kinds.Pod.Kind, ns, podName) is Pod current && current.Metadata.Uid == pod.Metadata.Uid)
        {
            if (context.Time.GetUtcNow() >= deadline)
            {
                return $"error when waiting for pod \"{podName}\" in namespace \"{ns}\" to terminate: global timeout reached: {timeout}";
            }

            await Task.Delay(100, ct);
        }

        await context.Out.WriteLineAsync($"pod/{podName} evicted");
        return null;
    }
}
