using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansKube.Control.Workloads.Deployments;
using OrleansKube.Model.Apps;
using OrleansKube.Model.Selection;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Control.Workloads.History;

/// <summary>
/// A controller's history as ControllerRevisions (upstream's pkg/controller/history): revision names, the hash of a
/// revision's data, their order, the patch a StatefulSet or DaemonSet stores for its pod template and the template a
/// revision restores, and which revisions a controller keeps (its own, and the orphans its selector picks, adopted).
/// </summary>
public static class ControllerHistory
{
    /// <summary>The label upstream's history puts on a revision: the hash of its data.</summary>
    public const string HashLabel = "controller.kubernetes.io/hash";

    private const string Directive = "$patch";

    // Upstream cuts the prefix so a name is at most 253 characters.
    private const int MaxPrefix = 223;

    private static readonly ConditionalWeakTable<PodTemplateSpec, StrongBox<JsonElement>> Patches = new();
    private static readonly ConditionalWeakTable<ControllerRevision, StrongBox<PodTemplateSpec?>> Templates = new();

    /// <summary>ControllerRevisionName: <c>&lt;prefix&gt;-&lt;hash&gt;</c>.</summary>
    public static string Name(string prefix, string hash) => $"{(prefix.Length > MaxPrefix ? prefix[..MaxPrefix] : prefix)}-{hash}";

    /// <summary>HashControllerRevision: FNV-1 (32 bits) of the data, then of the collision count, safe-encoded.</summary>
    public static string Hash(JsonElement data, int? collisionCount)
    {
        var text = data.GetRawText() + (collisionCount is { } probe ? probe.ToString(CultureInfo.InvariantCulture) : "");
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash * 16777619u) ^ b;
        }

        return PodTemplateHash.SafeEncode(hash);
    }

    /// <summary>SortControllerRevisions: by revision, then creation, then name.</summary>
    public static List<ControllerRevision> Sorted(IEnumerable<ControllerRevision> revisions) =>
        [.. revisions.OrderBy(r => r.Revision).ThenBy(r => r.Metadata.CreationTimestamp ?? DateTimeOffset.MinValue).ThenBy(r => r.Metadata.Name, StringComparer.Ordinal)];

    /// <summary>The number a new revision gets: one past the highest (1 for the first).</summary>
    public static long NextRevision(IReadOnlyCollection<ControllerRevision> revisions) => revisions.Count == 0 ? 1 : revisions.Max(r => r.Revision) + 1;

    /// <summary>Whether the revision holds <paramref name="data"/> (upstream compares the bytes; here the JSON values).</summary>
    public static bool Holds(ControllerRevision revision, JsonElement data) => revision.Data is { } held && JsonElement.DeepEquals(held, data);

    /// <summary>
    /// The patch that brings a set back to <paramref name="template"/>, as the StatefulSet and DaemonSet controllers store it:
    /// <c>{"spec":{"template":{"$patch":"replace",…}}}</c>. Kept per template instance (a stored object's, never changed).
    /// </summary>
    public static JsonElement TemplatePatch(PodTemplateSpec? template) =>
        template is null ? MakeTemplatePatch(new PodTemplateSpec()) : Patches.GetValue(template, static t => new StrongBox<JsonElement>(MakeTemplatePatch(t))).Value;

    /// <summary>The template a revision brings back (its data's <c>spec.template</c>); null when its data holds none this model reads. Not to be changed.</summary>
    public static PodTemplateSpec? TemplateOf(ControllerRevision revision) =>
        Templates.GetValue(revision, static r => new StrongBox<PodTemplateSpec?>(ReadTemplate(r.Data))).Value;

    /// <summary>A new revision controlled by <paramref name="owner"/>, carrying the template's labels and the owner's annotations (as upstream's StatefulSet and DaemonSet controllers make them).</summary>
    public static ControllerRevision New(KubeObject owner, PodTemplateSpec? template, JsonElement data, long revision, string name, string hashLabel, string hash)
    {
        var labels = template?.Metadata?.Labels is { } own ? new Dictionary<string, string>(own, StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal);
        labels[hashLabel] = hash;
        return new ControllerRevision
        {
            ApiVersion = Kinds.ControllerRevision.ApiVersion,
            Kind = Kinds.ControllerRevision.Kind,
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = owner.Metadata.Namespace,
                Labels = labels,
                Annotations = owner.Metadata.Annotations is { Count: > 0 } annotations ? new(annotations, StringComparer.Ordinal) : null,
                OwnerReferences = [ControllerRefs.For(owner)],
            },
            Data = data,
            Revision = revision,
        };
    }

    /// <summary>
    /// The revisions the owner keeps (upstream's ListControllerRevisions and AdoptOrphanRevisions): those it controls that its
    /// selector matches, and the orphans the selector matches, adopted (unless it is being deleted). Others' are left alone.
    /// </summary>
    public static async Task<List<ControllerRevision>> ClaimAsync(IObjectControl control, KubeObject owner, LabelSelector? selector, IEnumerable<ControllerRevision> revisions)
    {
        var matcher = LabelSelectors.ToSelector(selector);
        var owned = new List<ControllerRevision>();
        foreach (var revision in revisions)
        {
            if (!matcher.Matches(revision.Metadata.Labels) || revision.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }

            var controller = ControllerRefs.ControllerOf(revision);
            if (controller?.Uid == owner.Metadata.Uid)
            {
                owned.Add(revision);
            }
            else if (controller is null && owner.Metadata.DeletionTimestamp is null
                && await control.TryUpdateAsync(ControllerRefs.Adopted(revision, owner)) is ControllerRevision adopted)
            {
                owned.Add(adopted);
            }
        }

        return owned;
    }

    /// <summary>
    /// Creates <paramref name="revision"/> (upstream's CreateControllerRevision): on a name taken by a revision with the same
    /// data that one is used; by other data, the collision count goes up and the name is hashed again.
    /// </summary>
    public static async Task<(ControllerRevision Created, int CollisionCount)> CreateAsync(IObjectControl control, KubeObject owner, ControllerRevision revision, int collisionCount)
    {
        var data = revision.Data!.Value;
        for (var attempt = 0; ; attempt++)
        {
            var hash = Hash(data, collisionCount);
            var named = revision with { Metadata = revision.Metadata with { Name = Name(owner.Metadata.Name!, hash), Labels = new(revision.Metadata.Labels!, StringComparer.Ordinal) { [HashLabel] = hash } } };
            try
            {
                return ((ControllerRevision)await control.CreateAsync(named), collisionCount);
            }
            catch (Exception) when (attempt < 10)
            {
                if (await control.GetAsync(Kinds.ControllerRevision, owner.Metadata.Namespace!, named.Metadata.Name!) is not ControllerRevision taken)
                {
                    throw; // refused for another reason
                }

                if (Holds(taken, data))
                {
                    return (taken, collisionCount);
                }

                collisionCount++;
            }
        }
    }

    /// <summary>Gives the revision a new number (upstream's UpdateControllerRevision: a rollback reuses an earlier revision).</summary>
    public static async Task<ControllerRevision> RenumberAsync(IObjectControl control, ControllerRevision revision, long number) =>
        revision.Revision == number ? revision : (ControllerRevision)await control.UpdateAsync(revision with { Revision = number });

    // In the form Go's encoding gives the typed template (as upstream's controllers and kubectl's rollback compute it):
    // keys sorted, an unset creationTimestamp as null, every container's resources present. kubectl compares these bytes
    // to skip a rollback to the template the set already has.
    private static JsonElement MakeTemplatePatch(PodTemplateSpec template)
    {
        var fields = JsonSerializer.SerializeToNode(template, KubeJson.Options)!.AsObject();
        var metadata = fields["metadata"] as JsonObject ?? [];
        fields["metadata"] = metadata;
        if (!metadata.ContainsKey("creationTimestamp"))
        {
            metadata["creationTimestamp"] = null;
        }

        foreach (var container in Containers(fields["spec"] as JsonObject))
        {
            if (!container.ContainsKey("resources"))
            {
                container["resources"] = new JsonObject();
            }
        }

        fields[Directive] = "replace";
        return JsonSerializer.SerializeToElement(Sorted(new JsonObject { ["spec"] = new JsonObject { ["template"] = fields } }));
    }

    private static IEnumerable<JsonObject> Containers(JsonObject? spec) =>
        new[] { "initContainers", "containers", "ephemeralContainers" }.SelectMany(list => (spec?[list] as JsonArray ?? []).OfType<JsonObject>());

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject map => new JsonObject(map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value?.DeepClone())))),
        JsonArray list => new JsonArray([.. list.Select(item => Sorted(item?.DeepClone()))]),
        _ => node,
    };

    private static PodTemplateSpec? ReadTemplate(JsonElement? data)
    {
        if (data is not { ValueKind: JsonValueKind.Object } root || !root.TryGetProperty("spec", out var spec) || spec.ValueKind != JsonValueKind.Object
            || !spec.TryGetProperty("template", out var template) || template.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var fields = JsonObject.Create(template)!;
        fields.Remove(Directive);

        // What Go's encoding adds (MakeTemplatePatch) is not the template's.
        if (fields["metadata"] is JsonObject metadata && metadata.TryGetPropertyValue("creationTimestamp", out var created) && created is null)
        {
            metadata.Remove("creationTimestamp");
            if (metadata.Count == 0)
            {
                fields.Remove("metadata");
            }
        }

        foreach (var container in Containers(fields["spec"] as JsonObject))
        {
            if (container["resources"] is JsonObject { Count: 0 })
            {
                container.Remove("resources");
            }
        }
        try
        {
            return fields.Deserialize<PodTemplateSpec>(KubeJson.Options);
        }
        catch (JsonException)
        {
            return null; // a revision someone else wrote, with fields this model does not have
        }
    }
}
