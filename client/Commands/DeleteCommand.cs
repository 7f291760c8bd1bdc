using System.CommandLine;
using OrleansKube.Manifests.Defaulting;

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
        var command = new Command("delete", "Delete resources by file names or by kind and names") { resource, names, files, ignoreNotFound };
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var ns = parse.GetValue(global.Namespace);
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

            var api = await context.ApiAsync(parse.GetValue(global.Server)!, ct);
            var failed = false;
            foreach (var (kind, objectNamespace, name) in targets)
            {
                try
                {
                    await api.DeleteAsync(kind.Kind, objectNamespace, name);
                    await context.Out.WriteLineAsync($"{kind.QualifiedResource} \"{name}\" deleted");
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

            return failed ? 1 : 0;
        }));
        return command;
    }
}
