using System.CommandLine;
using OrleansKube.Control.Store;
using OrleansKube.Manifests.Defaulting;
using OrleansKube.Manifests.Reading;

namespace OrleansKube.Cli.Commands;

/// <summary>
/// <c>apply -f</c> and <c>create -f</c>: read and check every manifest first, so one bad document stores nothing; what the
/// server refuses only when writing (a taken NodePort, a conflict) fails its own object, as in kubectl.
/// </summary>
public static class ApplyCommands
{
    public static Command Apply(GlobalOptions global, OkctlContext context) =>
        Build("apply", "Apply a configuration to a resource by file name or stdin (creates or updates)", ApplyMode.Apply, global, context);

    public static Command Create(GlobalOptions global, OkctlContext context) =>
        Build("create", "Create resources from a file or from stdin (fails if any exists)", ApplyMode.Create, global, context);

    public static IReadOnlyList<ManifestDocument> ReadFiles(IEnumerable<string> files, bool recursive, string? ns, OkctlContext context)
    {
        var documents = new List<ManifestDocument>();
        foreach (var file in files)
        {
            documents.AddRange(file == "-" ? ManifestReader.ReadText(context.In.ReadToEnd(), "STDIN") : ManifestReader.ReadPath(file, recursive));
        }

        foreach (var document in documents)
        {
            var obj = document.Object;
            if (!document.Kind.Namespaced)
            {
                continue;
            }

            if (ns is not null && obj.Metadata.Namespace is { Length: > 0 } own && own != ns)
            {
                throw new InvalidOperationException($"the namespace from the provided object \"{own}\" does not match the namespace \"{ns}\". You must pass '--namespace={own}' to perform this operation.");
            }

            ObjectDefaults.ApplyNamespace(obj, ns ?? ObjectDefaults.DefaultNamespace);
        }

        return documents;
    }

    private static Command Build(string name, string description, ApplyMode mode, GlobalOptions global, OkctlContext context)
    {
        var files = new Option<string[]>("--filename", "-f") { Description = "Files or directories of manifests ('-' for stdin)", Required = true };
        var recursive = new Option<bool>("--recursive", "-R") { Description = "Read directories recursively" };
        var command = new Command(name, description) { files, recursive };
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var documents = ReadFiles(parse.GetValue(files)!, parse.GetValue(recursive), parse.GetValue(global.Namespace), context);
            if (documents.Count == 0)
            {
                throw new InvalidOperationException("no objects passed to " + name);
            }

            var api = await context.ApiAsync(parse.GetValue(global.Server)!, ct);
            var exit = 0;

            // As kubectl: what the server refuses while writing fails only its own object; the rest is written.
            foreach (var outcome in await api.ApplyAsync([.. documents.Select(d => d.Object)], mode, perObject: true))
            {
                if (outcome.Verb == ApplyOutcome.Failed)
                {
                    await context.Err.WriteLineAsync($"Error from server ({OkctlContext.ReasonText(outcome.Reason ?? ApiErrorReason.BadRequest)}): error when {(mode == ApplyMode.Create ? "creating" : "applying")} {outcome.Resource}/{outcome.Name}: {outcome.Error}");
                    exit = 1;
                }
                else
                {
                    await context.Out.WriteLineAsync(outcome.ToString());
                }
            }

            return exit;
        }));
        return command;
    }
}
