using System.CommandLine;
using OrleansKube.Manifests.Defaulting;
using OrleansKube.Model.Resources;

namespace OrleansKube.Cli.Commands;

/// <summary><c>delete -f FILE</c> or <c>delete KIND NAME…</c>.</summary>
public static class DeleteCommand
{
    public static Command Create(GlobalOptions global, OkctlContext context)
    {
        var resource = new Argument<string?>("KIND") { Description = "The resource type (or KIND/NAME)", Arity = ArgumentArity.ZeroOrOne };
        var names = new Argument<string[]>("NAME") { Arity = ArgumentArity.ZeroOrMore };
        var files = new Option<string[]>("--filename", "-f") { Description = "Delete what these manifests describe" };
        var ignoreNotFound = new Option<bool>("--ignore-not-found") { Description = "Treat a missing resource as deleted" };
        var gracePeriod = new Option<int>("--grace-period") { Description = "Seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).", DefaultValueFactory = _ => -1 };
        var force = new Option<bool>("--force") { Description = "If true, immediately remove resources from API and bypass graceful deletion." };
        var now = new Option<bool>("--now") { Description = "If true, resources are signaled for immediate shutdown (same as --grace-period=1)." };
        var wait = new Option<bool>("--wait") { Description = "If true, wait for resources to be gone before returning.", DefaultValueFactory = _ => true };
        var timeout = new Option<string>("--timeout") { Description = "The length of time to wait before giving up on a delete, zero means wait forever", DefaultValueFactory = _ => "0s" };
        var cascade = new Option<string>("--cascade")
        {
            Description = "Must be \"background\", \"orphan\", or \"foreground\": how dependents are deleted (default background)",
            DefaultValueFactory = _ => "background",
        };
        var command = new Command("delete", "Delete resources by file names or by kind and names") { resource, names, files, ignoreNotFound, gracePeriod, force, now, wait, timeout, cascade };
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var ns = parse.GetValue(global.Namespace);
            var limit = GoDuration.Parse(parse.GetValue(timeout)!) ?? throw new InvalidOperationException($"invalid argument \"{parse.GetValue(timeout)}\" for \"--timeout\" flag: time: invalid duration \"{parse.GetValue(timeout)}\"");
            var targets = new List<(KindInfo Kind, string? Namespace, string Name)>();
            if (parse.GetValue(files) is { Length: > 0 } paths)
            {
                targets.AddRange(ApplyCommands.ReadFiles(paths, recursive: false, ns, context)
                    .Select(d => (d.Kind, d.Object.Metadata.Namespace, d.Object.Metadata.Name!)));
            }
            else if (parse.GetValue(resource) is { } kindText)
            {
                var (kind, requested) = GetCommand.Resolve(kindText, parse.GetValue(names) ?? []);
                if (requested.Count == 0)
                {
                    throw new InvalidOperationException("resource(s) were provided, but no name was specified");
                }

                targets.AddRange(requested.Select(name => (kind, (string?)(ns ?? ObjectDefaults.DefaultNamespace), name)));
            }
            else
            {
                throw new InvalidOperationException("You must provide one or more resources by argument or filename.");
            }

            // kubectl's rules: --now is one second; --force without a grace period is zero; zero without --force is one.
            long? grace = parse.GetValue(gracePeriod) is >= 0 and var g ? g : null;
            if (parse.GetValue(now))
            {
                if (grace is not null)
                {
                    throw new InvalidOperationException("--now and --grace-period cannot be specified together");
                }

                grace = 1;
            }

            if (parse.GetValue(force))
            {
                grace ??= 0;
                await context.Err.WriteLineAsync("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.");
            }
            else if (grace == 0)
            {
                grace = 1;
            }

            var propagation = parse.GetValue(cascade) switch
            {
                "background" or "true" => DeletionPropagation.Background,
                "foreground" => DeletionPropagation.Foreground,
                "orphan" or "false" => DeletionPropagation.Orphan,
                var other => throw new InvalidOperationException($"invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\""),
            };
            var api = await context.ApiAsync(parse.GetValue(global.Server)!, ct);
            var failed = false;
            var deleted = new List<(KindInfo Kind, string? Namespace, string Name)>();
            foreach (var (kind, objectNamespace, name) in targets)
            {
                try
                {
                    await api.DeleteAsync(kind.Kind, objectNamespace, name, grace, propagation);
                    await context.Out.WriteLineAsync($"{kind.QualifiedResource} \"{name}\" {(parse.GetValue(force) ? "force deleted" : "deleted")}");
                    deleted.Add((kind, objectNamespace, name));
                }
                catch (ApiException e) when (e.Reason == Control.Store.ApiErrorReason.NotFound)
                {
                    if (!parse.GetValue(ignoreNotFound))
                    {
                        await context.Err.WriteLineAsync($"Error from server (NotFound): {e.Message}");
                        failed = true;
                    }
                }
            }

            // As kubectl, wait until what was deleted is gone (a Terminating pod until its kubelet has stopped it).
            if (parse.GetValue(wait) && !parse.GetValue(force))
            {
                var deadline = limit > TimeSpan.Zero ? context.Time.GetUtcNow() + limit : (DateTimeOffset?)null;
                foreach (var (kind, objectNamespace, name) in deleted)
                {
                    if (kind == Kinds.Namespace)
                    {
                        await NamespaceWait.UntilGoneAsync(api, context, name, deadline, ct);
                        continue;
                    }

                    while (await api.GetAsync(kind.Kind, objectNamespace, name) is not null)
                    {
                        if (context.Time.GetUtcNow() >= deadline)
                        {
                            throw new InvalidOperationException($"timed out waiting for the condition on {kind.Plural}/{name}");
                        }

                        await Task.Delay(100, ct);
                    }
                }
            }

            return failed ? 1 : 0;
        }));
        return command;
    }
}
