using System.CommandLine;
using OrleansKube.Cli.Printing;
using OrleansKube.Manifests.Defaulting;

namespace OrleansKube.Cli.Commands;

/// <summary><c>describe KIND NAME</c>: the object in kubectl's layout, then its events.</summary>
public static class DescribeCommand
{
    public static Command Create(GlobalOptions global, OkctlContext context)
    {
        var resource = new Argument<string>("KIND") { Description = "The resource type (or KIND/NAME)" };
        var names = new Argument<string[]>("NAME") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("describe", "Show details of a resource and its events") { resource, names };
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var (kind, requested) = GetCommand.Resolve(parse.GetValue(resource)!, parse.GetValue(names) ?? []);
            var ns = parse.GetValue(global.Namespace) ?? ObjectDefaults.DefaultNamespace;
            var api = await context.ApiAsync(parse.GetValue(global.Server)!, ct);
            var objects = requested.Count > 0 ? [] : await api.ListAsync(new ListQuery(kind.Kind, kind.Namespaced ? ns : null));
            foreach (var name in requested)
            {
                objects.Add(await api.GetAsync(kind.Kind, ns, name)
                    ?? throw new ApiException(Control.Store.ApiError.NotFound(kind, name)));
            }

            for (var i = 0; i < objects.Count; i++)
            {
                var obj = objects[i];
                var eventNamespace = kind.Namespaced ? ns : ObjectDefaults.DefaultNamespace;
                var events = (await api.ListAsync(new ListQuery("Event", eventNamespace, FieldSelector: $"involvedObject.name={obj.Metadata.Name},involvedObject.kind={kind.Kind}")))
                    .Cast<Event>().Where(e => e.InvolvedObject.Uid == obj.Metadata.Uid).ToList();
                if (i > 0)
                {
                    await context.Out.WriteLineAsync();
                }

                // A Deployment is described with its ReplicaSets, as kubectl does.
                var related = obj is Deployment ? await api.ListAsync(new ListQuery(Kinds.ReplicaSet.Plural, ns)) : [];
                Describer.Describe(obj, events, context.Now, context.Out, related);
            }

            return 0;
        }));
        return command;
    }
}
