using System.CommandLine;
using System.Globalization;
using OrleansKube.Control.Store;
using OrleansKube.Control.Workloads.Deployments;
using OrleansKube.Control.Workloads.StatefulSets;
using OrleansKube.Manifests.Defaulting;
using OrleansKube.Model.Resources;

namespace OrleansKube.Cli.Commands;

/// <summary><c>scale</c>, <c>set image</c> and <c>rollout status|history|undo|pause|resume|restart</c>, worded as kubectl words them.</summary>
public static class RolloutCommands
{
    public const string RestartedAtAnnotation = "kubectl.kubernetes.io/restartedAt";

    public static Command Scale(GlobalOptions global, OkctlContext context)
    {
        var resource = new Argument<string>("KIND") { Description = "deployment, replicaset or statefulset (or KIND/NAME)" };
        var names = new Argument<string[]>("NAME") { Arity = ArgumentArity.ZeroOrMore };
        var replicas = new Option<int>("--replicas") { Description = "The new desired number of replicas", Required = true };
        var resourceVersion = new Option<string?>("--resource-version") { Description = "Precondition for resource version: scale only if the object is still at this version" };
        var command = new Command("scale", "Set a new size for a deployment, replica set, replication controller or stateful set") { resource, names, replicas, resourceVersion };
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var count = parse.GetValue(replicas);
            if (count < 0)
            {
                throw new InvalidOperationException("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
            }

            var (kind, name) = Target(parse.GetValue(resource)!, parse.GetValue(names), Kinds.Deployment, Kinds.ReplicaSet, Kinds.ReplicationController, Kinds.StatefulSet);
            var api = await context.ApiAsync(parse.GetValue(global.Server)!, ct);
            await EditCommands.EditAsync(api, kind, Namespace(parse, global), name, obj =>
            {
                switch (obj)
                {
                    case Deployment { Spec: { } spec }:
                        spec.Replicas = count;
                        break;
                    case ReplicaSet { Spec: { } spec }:
                        spec.Replicas = count;
                        break;
                    case ReplicationController { Spec: { } spec }:
                        spec.Replicas = count;
                        break;
                    case StatefulSet { Spec: { } spec }:
                        spec.Replicas = count;
                        break;
                }

                return true;
            }, parse.GetValue(resourceVersion) is { Length: > 0 } version ? version : null);
            await context.Out.WriteLineAsync($"{kind.QualifiedResource}/{name} scaled");
            return 0;
        }));
        return command;
    }

    public static Command Set(GlobalOptions global, OkctlContext context)
    {
        var resource = new Argument<string>("KIND/NAME") { Description = "deployment/NAME" };
        var images = new Argument<string[]>("CONTAINER=IMAGE") { Arity = ArgumentArity.OneOrMore };
        var image = new Command("image", "Update the image of a pod template") { resource, images };
        image.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var words = parse.GetValue(images)!.ToList();
            var (kind, name) = Target(parse.GetValue(resource)!, [], Kinds.Deployment);
            var updates = words.Select(w => w.Split('=', 2)).ToList();
            if (updates.Any(u => u.Length != 2 || u[0].Length == 0 || u[1].Length == 0))
            {
                throw new InvalidOperationException("at least one image update is required, as CONTAINER=IMAGE");
            }

            var api = await context.ApiAsync(parse.GetValue(global.Server)!, ct);
            await EditCommands.EditAsync(api, kind, Namespace(parse, global), name, obj =>
            {
                var containers = ((Deployment)obj).Spec!.Template!.Spec!.Containers.Concat(((Deployment)obj).Spec!.Template!.Spec!.InitContainers ?? []).ToList();
                foreach (var update in updates)
                {
                    var matched = containers.Where(c => update[0] == "*" || c.Name == update[0]).ToList();
                    if (matched.Count == 0)
                    {
                        throw new InvalidOperationException($"unable to find container named \"{update[0]}\"");
                    }

                    matched.ForEach(c => c.Image = update[1]);
                }

                return true;
            });
            await context.Out.WriteLineAsync($"{kind.QualifiedResource}/{name} image updated");
            return 0;
        }));
        return new Command("set", "Set specific features on objects") { image };
    }

    public static Command Rollout(GlobalOptions global, OkctlContext context) =>
        new("rollout", "Manage the rollout of a deployment")
        {
            Status(global, context),
            History(global, context),
            Undo(global, context),
            Edit(global, context, "pause", "Mark the provided resource as paused", (d, _) =>
                d.Spec!.Paused = d.Spec.Paused == true ? throw new InvalidOperationException($"deployments.apps \"{d.Metadata.Name}\" is already paused") : true),
            Edit(global, context, "resume", "Resume a paused resource", (d, _) =>
                d.Spec!.Paused = d.Spec.Paused != true ? throw new InvalidOperationException($"deployments.apps \"{d.Metadata.Name}\" is not paused") : null),
            Edit(global, context, "restart", "Restart a resource", (d, now) =>
            {
                if (d.Spec!.Paused == true)
                {
                    throw new InvalidOperationException("can't restart paused deployment (run rollout resume first)");
                }

                var metadata = d.Spec.Template!.Metadata ??= new ObjectMeta();
                metadata.Annotations ??= [];
                metadata.Annotations[RestartedAtAnnotation] = now.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);
            }),
        };

    private static Command Status(GlobalOptions global, OkctlContext context)
    {
        var (resource, names) = TargetArguments();
        var watch = new Option<bool>("--watch", "-w") { Description = "Watch the status of the rollout until it's done", DefaultValueFactory = _ => true };
        var timeout = new Option<string?>("--timeout") { Description = "The length of time to wait before ending watch (e.g. 1s, 2m); 0 means never" };
        var command = new Command("status", "Show the status of the rollout") { resource, names, watch, timeout };
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var (kind, name) = Target(parse.GetValue(resource)!, parse.GetValue(names), Kinds.Deployment, Kinds.StatefulSet);
            var api = await context.ApiAsync(parse.GetValue(global.Server)!, ct);
            var ns = Namespace(parse, global);
            var limit = parse.GetValue(timeout) is { Length: > 0 } text
                ? GoDuration.Parse(text) ?? throw new InvalidOperationException($"invalid argument \"{text}\" for \"--timeout\" flag: time: invalid duration \"{text}\"")
                : TimeSpan.Zero;
            var deadline = limit > TimeSpan.Zero ? DateTime.UtcNow + limit : (DateTime?)null;
            string? last = null;
            while (true)
            {
                var (message, done, error) = await api.GetAsync(kind.Kind, ns, name) switch
                {
                    Deployment d => Rollouts.Status(d),
                    StatefulSet sts => StatefulSetRollouts.Status(sts),
                    _ => throw new ApiException(ApiError.NotFound(kind, name)),
                };
                if (error is not null)
                {
                    throw new InvalidOperationException(error);
                }

                if (message != last)
                {
                    await context.Out.WriteLineAsync(message);
                    last = message;
                }

                if (done || !parse.GetValue(watch))
                {
                    return 0;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException("timed out waiting for the condition");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }));
        return command;
    }

    private static Command History(GlobalOptions global, OkctlContext context)
    {
        var (resource, names) = TargetArguments();
        var command = new Command("history", "View rollout history") { resource, names };
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var (kind, name) = Target(parse.GetValue(resource)!, parse.GetValue(names), Kinds.Deployment);
            var api = await context.ApiAsync(parse.GetValue(global.Server)!, ct);
            var ns = Namespace(parse, global);
            var (d, sets) = await ReadAsync(api, kind, ns, name);
            await context.Out.WriteLineAsync($"{kind.QualifiedResource}/{name}");
            var lines = new List<string[]> { new[] { "REVISION", "CHANGE-CAUSE" } };
            lines.AddRange(Rollouts.History(d, sets).Select(h => new[] { h.Revision.ToString(CultureInfo.InvariantCulture), h.ChangeCause ?? "<none>" }));
            Printing.TablePrinter.Write(lines, context.Out, gutter: 2);
            await context.Out.WriteLineAsync();
            return 0;
        }));
        return command;
    }

    private static Command Undo(GlobalOptions global, OkctlContext context)
    {
        var (resource, names) = TargetArguments();
        var toRevision = new Option<long>("--to-revision") { Description = "The revision to roll back to (0: the previous one)" };
        var command = new Command("undo", "Undo a previous rollout") { resource, names, toRevision };
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var (kind, name) = Target(parse.GetValue(resource)!, parse.GetValue(names), Kinds.Deployment);
            var api = await context.ApiAsync(parse.GetValue(global.Server)!, ct);
            var ns = Namespace(parse, global);
            var (d, sets) = await ReadAsync(api, kind, ns, name);
            var (rolledBack, skipped) = Rollouts.Undo(d, sets, parse.GetValue(toRevision));
            if (rolledBack is not null)
            {
                // Against the version read: a change meanwhile is a conflict, not a silent overwrite.
                await api.UpdateAsync(rolledBack);
            }

            await context.Out.WriteLineAsync($"{kind.QualifiedResource}/{name} {skipped ?? "rolled back"}");
            return 0;
        }));
        return command;
    }

    private static Command Edit(GlobalOptions global, OkctlContext context, string verb, string description, Action<Deployment, DateTimeOffset> edit)
    {
        var (resource, names) = TargetArguments();
        var command = new Command(verb, description) { resource, names };
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var (kind, name) = Target(parse.GetValue(resource)!, parse.GetValue(names), Kinds.Deployment);
            var api = await context.ApiAsync(parse.GetValue(global.Server)!, ct);
            await EditCommands.EditAsync(api, kind, Namespace(parse, global), name, obj =>
            {
                edit((Deployment)obj, context.Now);
                return true;
            });
            var done = verb switch { "pause" => "paused", "resume" => "resumed", _ => "restarted" };
            await context.Out.WriteLineAsync($"{kind.QualifiedResource}/{name} {done}");
            return 0;
        }));
        return command;
    }

    private static async Task<(Deployment Deployment, List<ReplicaSet> Sets)> ReadAsync(IApiGrain api, KindInfo kind, string ns, string name)
    {
        var d = await api.GetAsync(kind.Kind, ns, name) as Deployment ?? throw new ApiException(ApiError.NotFound(kind, name));
        return (d, [.. (await api.ListAsync(new ListQuery(Kinds.ReplicaSet.Plural, ns))).Cast<ReplicaSet>()]);
    }

    private static (Argument<string> Resource, Argument<string[]> Names) TargetArguments() =>
        (new Argument<string>("KIND") { Description = "deployment (or deployment/NAME)" }, new Argument<string[]>("NAME") { Arity = ArgumentArity.ZeroOrMore });

    private static (KindInfo Kind, string Name) Target(string resource, string[]? names, params KindInfo[] allowed)
    {
        var (kind, list) = GetCommand.Resolve(resource, names ?? []);
        if (!allowed.Contains(kind))
        {
            throw new InvalidOperationException($"no {(allowed.Contains(Kinds.ReplicaSet) ? "scaler" : "rollout")} has been implemented for {{\"{kind.ApiVersion.Split('/')[0]}\" \"{kind.Kind}\"}}");
        }

        return list.Count == 1 ? (kind, list[0]) : throw new InvalidOperationException("one resource name is required");
    }

    private static string Namespace(ParseResult parse, GlobalOptions global) => parse.GetValue(global.Namespace) ?? ObjectDefaults.DefaultNamespace;
}
