using System.Text.Json.Nodes;

namespace OrleansKube.Api.Discovery;

/// <summary>
/// Discovery as upstream serves it, built from <see cref="Kinds.Served"/> (a kind served in several versions is listed in each, its stored version preferred): the aggregated documents (apidiscovery.k8s.io/v2)
/// that kubectl asks for first, and the legacy <c>/api</c>, <c>/apis</c>, <c>/api/v1</c>, <c>/apis/g</c>,
/// <c>/apis/g/v</c> ones (drain reads <c>/api/v1</c> for <c>pods/eviction</c> even when aggregated discovery is served).
/// </summary>
public static class DiscoveryDocuments
{
    /// <summary>The content type aggregated discovery answers with, exactly (kubectl checks it).</summary>
    public const string AggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    /// <summary>The non-core groups served, each with its versions, in upstream's order of first appearance.</summary>
    public static IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups { get; } =
        [.. Kinds.Served.Where(k => k.Group.Length > 0).GroupBy(k => k.Group).Select(g => (g.Key, (IReadOnlyList<string>)[.. g.Select(k => k.Version).Distinct()]))];

    /// <summary>Every group/version served: <c>v1</c>, <c>apps/v1</c>, …</summary>
    public static IReadOnlyList<string> GroupVersions { get; } = [.. Kinds.Served.Select(k => k.ApiVersion).Distinct()];

    public static JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject ApiGroupList() => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. Groups.Select(g => GroupBody(g.Group, g.Versions))]),
    };

    /// <summary>The <c>APIGroup</c> of one group; null when the group is not served.</summary>
    public static JsonObject? ApiGroup(string group)
    {
        var served = Groups.FirstOrDefault(g => g.Group == group);
        if (served.Group is null)
        {
            return null;
        }

        var body = GroupBody(group, served.Versions);
        return new JsonObject { ["kind"] = "APIGroup", ["apiVersion"] = "v1", ["name"] = body["name"]!.DeepClone(), ["versions"] = body["versions"]!.DeepClone(), ["preferredVersion"] = body["preferredVersion"]!.DeepClone() };
    }

    /// <summary>The <c>APIResourceList</c> of one group/version; null when it is not served.</summary>
    public static JsonObject? ResourceList(string groupVersion)
    {
        var kinds = Kinds.Served.Where(k => k.ApiVersion == groupVersion).ToList();
        if (kinds.Count == 0)
        {
            return null;
        }

        var resources = new JsonArray();
        foreach (var kind in kinds.OrderBy(k => k.Plural, StringComparer.Ordinal))
        {
            var resource = new JsonObject
            {
                ["name"] = kind.Plural,
                ["singularName"] = kind.Singular,
                ["namespaced"] = kind.Namespaced,
                ["kind"] = kind.Kind,
                ["verbs"] = Strings(kind.Verbs),
            };
            if (kind.ShortNames.Length > 0)
            {
                resource["shortNames"] = Strings(kind.ShortNames);
            }

            if (kind.Categories.Count > 0)
            {
                resource["categories"] = Strings(kind.Categories);
            }

            resources.Add(resource);
            foreach (var sub in kind.Subresources)
            {
                var entry = new JsonObject { ["name"] = $"{kind.Plural}/{sub.Name}", ["singularName"] = "", ["namespaced"] = kind.Namespaced };
                if (sub.ApiVersion != kind.ApiVersion)
                {
                    var (group, version) = Split(sub.ApiVersion);
                    entry["group"] = group;
                    entry["version"] = version;
                }

                entry["kind"] = sub.Kind;
                entry["verbs"] = Strings(sub.Verbs);
                resources.Add(entry);
            }
        }

        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = groupVersion, ["resources"] = resources };
    }

    /// <summary>The aggregated document of the core group (<c>/api</c>) or of every other group (<c>/apis</c>).</summary>
    public static JsonObject Aggregated(bool core)
    {
        var items = new JsonArray();
        var groups = core ? [("", (IReadOnlyList<string>)["v1"])] : Groups;
        foreach (var (group, versions) in groups)
        {
            var metadata = new JsonObject { ["creationTimestamp"] = null };
            if (group.Length > 0)
            {
                metadata["name"] = group;
            }

            items.Add(new JsonObject
            {
                ["metadata"] = metadata,
                ["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)new JsonObject
                {
                    ["version"] = v,
                    ["resources"] = new JsonArray([.. Kinds.Served.Where(k => k.ApiVersion == Join(group, v)).OrderBy(k => k.Plural, StringComparer.Ordinal).Select(AggregatedResource)]),
                    ["freshness"] = "Current",
                })]),
            });
        }

        return new JsonObject { ["kind"] = "APIGroupDiscoveryList", ["apiVersion"] = "apidiscovery.k8s.io/v2", ["metadata"] = new JsonObject(), ["items"] = items };
    }

    private static JsonNode AggregatedResource(KindInfo kind)
    {
        var resource = new JsonObject
        {
            ["resource"] = kind.Plural,
            ["responseKind"] = ResponseKind(kind.ApiVersion, kind.Kind),
            ["scope"] = kind.Namespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = kind.Singular,
            ["verbs"] = Strings(kind.Verbs),
        };
        if (kind.ShortNames.Length > 0)
        {
            resource["shortNames"] = Strings(kind.ShortNames);
        }

        if (kind.Categories.Count > 0)
        {
            resource["categories"] = Strings(kind.Categories);
        }

        if (kind.Subresources.Count > 0)
        {
            resource["subresources"] = new JsonArray([.. kind.Subresources.Select(s => (JsonNode)new JsonObject
            {
                ["subresource"] = s.Name,
                ["responseKind"] = ResponseKind(s.ApiVersion, s.Kind),
                ["verbs"] = Strings(s.Verbs),
            })]);
        }

        return resource;
    }

    private static JsonObject ResponseKind(string apiVersion, string kind)
    {
        var (group, version) = Split(apiVersion);
        return new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind };
    }

    private static JsonObject GroupBody(string group, IReadOnlyList<string> versions)
    {
        JsonObject Version(string v) => new() { ["groupVersion"] = Join(group, v), ["version"] = v };
        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)Version(v))]),
            ["preferredVersion"] = Version(versions[0]),
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static (string Group, string Version) Split(string apiVersion) =>
        apiVersion.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? (apiVersion[..slash], apiVersion[(slash + 1)..]) : ("", apiVersion);

    private static string Join(string group, string version) => group.Length == 0 ? version : $"{group}/{version}";
}
