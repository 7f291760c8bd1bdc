using System.CommandLine;
using OrleansKube.Manifests.Defaulting;

namespace OrleansKube.Cli.Commands;

/// <summary><c>get KIND [NAME…]</c> with namespaces, label and field selectors and output formats.</summary>
public static class GetCommand
{
    public static Command Create(GlobalOptions global, OkctlContext context)
    {
        var resource = new Argument<string>("KIND") { Description = "The resource type: pods, nodes, deployments, … (or KIND/NAME)" };
        var names = new Argument<string[]>("NAME") { Description = "Names to get", Arity = ArgumentArity.ZeroOrMore };
        var allNamespaces = new Option<bool>("--all-namespaces", "-A") { Description = "List across all namespaces" };
        var selector = new Option<string?>("--selector", "-l") { Description = "Label selector, e.g. app=web,tier!=db" };
        var fieldSelector = new Option<string?>("--field-selector") { Description = "Field selector, e.g. spec.nodeName=node-1,status.phase=Running" };
        var output = new Option<string?>("--output", "-o") { Description = "wide, yaml, json or name" };
        var command = new Command("get", "Display one or many resources") { resource, names, allNamespaces, selector, fieldSelector, output };
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var (kind, requested) = Resolve(parse.GetValue(resource)!, parse.GetValue(names) ?? []);
            var all = parse.GetValue(allNamespaces);
            var ns = all ? null : parse.GetValue(global.Namespace) ?? ObjectDefaults.DefaultNamespace;
            var format = parse.GetValue(output);
            var api = await context.ApiAsync(parse.GetValue(global.Server)!, ct);
            if (requested.Count > 0)
            {
                var found = new List<KubeObject>();
                var missing = false;
                foreach (var name in requested)
                {
                    if (await api.GetAsync(kind.Kind, ns ?? ObjectDefaults.DefaultNamespace, name) is { } obj)
                    {
                        found.Add(obj);
                    }
                    else
                    {
                        await context.Err.WriteLineAsync($"Error from server (NotFound): {kind.QualifiedPlural} \"{name}\" not found");
                        missing = true;
                    }
                }

                if (found.Count > 0)
                {
                    context.PrintObjects(found, kind, format, withNamespace: false, asList: found.Count > 1);
                }

                return missing ? 1 : 0;
            }

            var objects = await api.ListAsync(new ListQuery(kind.Kind, kind.Namespaced ? ns : null, parse.GetValue(selector), parse.GetValue(fieldSelector)));
            if (objects.Count == 0 && format is not ("json" or "yaml"))
            {
                await context.Err.WriteLineAsync(!kind.Namespaced || all ? "No resources found" : $"No resources found in {ns} namespace.");
                return 0;
            }

            context.PrintObjects(objects, kind, format, withNamespace: all, asList: true);
            return 0;
        }));
        return command;
    }

    /// <summary>Accepts <c>pods</c>, <c>pod web</c> and <c>pod/web</c>.</summary>
    public static (KindInfo Kind, List<string> Names) Resolve(string resource, IEnumerable<string> names)
    {
        var list = names.ToList();
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            list.Insert(0, resource[(slash + 1)..]);
            resource = resource[..slash];
        }

        var kind = Kinds.FromResourceName(resource)
            ?? throw new InvalidOperationException($"the server doesn't have a resource type \"{resource}\"");
        return (kind, list);
    }
}
