using System.CommandLine;
using OrleansKube.Control.Edits;
using OrleansKube.Control.Store;
using OrleansKube.Manifests.Defaulting;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Cli.Commands;

/// <summary>
/// <c>cordon</c>, <c>uncordon</c>, <c>taint</c> and <c>label</c>: read, change, write back; a conflict (another writer came
/// in between) reads and changes again, as kubectl's scale does (its patches need no retry), so parallel edits all land.
/// </summary>
public static class EditCommands
{
    public const int ConflictRetries = 100;

    public static Command Cordon(GlobalOptions global, OkctlContext context, bool cordon)
    {
        var nodeName = new Argument<string>("NODE") { Description = "The node to mark" };
        var command = new Command(cordon ? "cordon" : "uncordon", cordon ? "Mark node as unschedulable" : "Mark node as schedulable") { nodeName };
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var api = await context.ApiAsync(parse.GetValue(global.Server)!, ct);
            var name = parse.GetValue(nodeName)!;
            var changed = await EditAsync(api, Kinds.Node, null, name, obj =>
            {
                var node = (Node)obj;
                if ((node.Spec?.Unschedulable ?? false) == cordon)
                {
                    return false;
                }

                node.Spec ??= new NodeSpec();
                node.Spec.Unschedulable = cordon ? true : null;
                return true;
            });
            var verb = cordon ? "cordoned" : "uncordoned";
            await context.Out.WriteLineAsync(changed ? $"node/{name} {verb}" : $"node/{name} already {verb}");
            return 0;
        }));
        return command;
    }

    public static Command Taint(GlobalOptions global, OkctlContext context)
    {
        var resource = new Argument<string>("KIND") { Description = "nodes (or node/NAME)" };
        var rest = new Argument<string[]>("NAME KEY_1=VAL_1:TAINT_EFFECT_1 …") { Arity = ArgumentArity.OneOrMore };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace a taint with the same key and effect" };
        var command = new Command("taint", "Update the taints on one or more nodes") { resource, rest, overwrite };
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var (kind, words) = GetCommand.Resolve(parse.GetValue(resource)!, parse.GetValue(rest) ?? []);
            if (kind != Kinds.Node)
            {
                throw new InvalidOperationException($"invalid resource type {kind.Plural}, only node types are supported");
            }

            if (words.Count < 2)
            {
                throw new InvalidOperationException("at least one taint update is required");
            }

            var edits = TaintEdits.Parse(words.Skip(1));
            var api = await context.ApiAsync(parse.GetValue(global.Server)!, ct);
            var verb = "";
            await EditAsync(api, Kinds.Node, null, words[0], obj =>
            {
                var node = (Node)obj;
                (var taints, verb) = edits.ApplyTo(words[0], node.Spec?.Taints, parse.GetValue(overwrite), context.Now);
                node.Spec ??= new NodeSpec();
                node.Spec.Taints = taints;
                return true;
            });
            await context.Out.WriteLineAsync($"node/{words[0]} {verb}");
            return 0;
        }));
        return command;
    }

    public static Command Label(GlobalOptions global, OkctlContext context)
    {
        var resource = new Argument<string>("KIND") { Description = "The resource type (or KIND/NAME)" };
        var rest = new Argument<string[]>("NAME KEY_1=VAL_1 …") { Arity = ArgumentArity.OneOrMore };
        var overwrite = new Option<bool>("--overwrite") { Description = "Allow existing labels to be overwritten" };
        var command = new Command("label", "Update the labels on a resource") { resource, rest, overwrite };
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var (kind, words) = GetCommand.Resolve(parse.GetValue(resource)!, parse.GetValue(rest) ?? []);
            if (words.Count < 2)
            {
                throw new InvalidOperationException("at least one label update is required");
            }

            var edits = LabelEdits.Parse(words.Skip(1));
            var api = await context.ApiAsync(parse.GetValue(global.Server)!, ct);
            var ns = kind.Namespaced ? parse.GetValue(global.Namespace) ?? ObjectDefaults.DefaultNamespace : null;
            var verb = "";
            IReadOnlyList<string> notFound = [];
            await EditAsync(api, kind, ns, words[0], obj =>
            {
                (var labels, verb, notFound) = edits.ApplyTo(obj.Metadata.Labels, parse.GetValue(overwrite));
                obj.Metadata.Labels = labels;
                return verb != "not labeled";
            });
            foreach (var key in notFound)
            {
                await context.Err.WriteLineAsync($"label \"{key}\" not found.");
            }

            await context.Out.WriteLineAsync($"{kind.QualifiedResource}/{words[0]} {verb}");
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Gets the object, lets <paramref name="edit"/> change a copy (false: nothing to change) and updates it; a conflict
    /// starts over, up to <see cref="ConflictRetries"/> times. With <paramref name="resourceVersion"/> (a precondition) the
    /// update is made against that version only, and a conflict is the answer.
    /// </summary>
    public static async Task<bool> EditAsync(IApiGrain api, KindInfo kind, string? ns, string name, Func<KubeObject, bool> edit, string? resourceVersion = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await api.GetAsync(kind.Kind, ns, name) ?? throw new ApiException(ApiError.NotFound(kind, name));
            var copy = KubeJson.Clone(current);
            if (!edit(copy))
            {
                return false;
            }

            if (resourceVersion is not null)
            {
                copy.Metadata.ResourceVersion = resourceVersion;
            }

            try
            {
                await api.UpdateAsync(copy);
                return true;
            }
            catch (ApiException e) when (e.Reason == ApiErrorReason.Conflict && resourceVersion is null && attempt < ConflictRetries)
            {
            }
        }
    }
}
