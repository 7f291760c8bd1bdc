using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OrleansKube.Api.Discovery;

namespace OrleansKube.Api.OpenApi;

/// <summary>
/// The OpenAPI v3 documents kubectl's create and apply read before writing: one per group/version, whose POST, PUT
/// and PATCH operations carry <c>x-kubernetes-group-version-kind</c> and declare <c>fieldValidation</c>, so kubectl
/// sends <c>fieldValidation=Strict</c> and leaves validation to the server. PATCH declares no request body: kubectl
/// then computes strategic merge patches from its compiled-in types (a schema-less body would make it replace lists
/// that upstream merges by key). Each document's hash, in the index's URLs, changes whenever its text does
/// (clients cache documents by URL).
/// </summary>
public sealed class OpenApiDocuments
{
    private readonly Dictionary<string, (string Text, string Hash)> _documents = new(StringComparer.Ordinal);

    public OpenApiDocuments()
    {
        foreach (var groupVersion in DiscoveryDocuments.GroupVersions)
        {
            var text = Document(groupVersion).ToJsonString();
            _documents[PathOf(groupVersion)] = (text, Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(text))));
        }
    }

    /// <summary>The index (<c>/openapi/v3</c>): each group/version's path and its URL with the hash.</summary>
    public string Index()
    {
        var paths = new JsonObject();
        foreach (var (path, (_, hash)) in _documents)
        {
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={hash}" };
        }

        return new JsonObject { ["paths"] = paths }.ToJsonString();
    }

    /// <summary>The document at <c>/openapi/v3/{path}</c> (<c>api/v1</c>, <c>apis/apps/v1</c>); null when none.</summary>
    public string? Get(string path) => _documents.TryGetValue(path.Trim('/'), out var document) ? document.Text : null;

    private static string PathOf(string groupVersion) => groupVersion.Contains('/', StringComparison.Ordinal) ? $"apis/{groupVersion}" : $"api/{groupVersion}";

    private static JsonObject Document(string groupVersion)
    {
        var paths = new JsonObject();
        foreach (var kind in Kinds.Served.Where(k => k.ApiVersion == groupVersion))
        {
            var prefix = $"/{PathOf(groupVersion)}{(kind.Namespaced ? "/namespaces/{namespace}" : "")}/{kind.Plural}";
            paths[prefix] = new JsonObject
            {
                ["get"] = Operation(kind, "list", "list"),
                ["post"] = Operation(kind, "create", "post", writes: true),
                ["parameters"] = PathParameters(kind.Namespaced, named: false),
            };
            paths[prefix + "/{name}"] = new JsonObject
            {
                ["get"] = Operation(kind, "read", "get"),
                ["put"] = Operation(kind, "replace", "put", writes: true),
                ["patch"] = Operation(kind, "patch", "patch", writes: true),
                ["delete"] = Operation(kind, "delete", "delete"),
                ["parameters"] = PathParameters(kind.Namespaced, named: true),
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = KubeVersion.GitVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static JsonObject Operation(KindInfo kind, string verb, string action, bool writes = false)
    {
        var parameters = new JsonArray();
        if (writes)
        {
            parameters.Add(Query("dryRun"));
            parameters.Add(Query("fieldManager"));
            parameters.Add(Query("fieldValidation"));
            if (action == "patch")
            {
                parameters.Add(Query("force", "boolean"));
            }
        }

        var scope = kind.Namespaced ? "Namespaced" : "";
        return new JsonObject
        {
            ["operationId"] = $"{verb}{Pascal(kind.Group)}{Pascal(kind.Version)}{scope}{kind.Kind}",
            ["parameters"] = parameters,
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = kind.Group, ["version"] = kind.Version, ["kind"] = kind.Kind },
        };
    }

    private static JsonArray PathParameters(bool namespaced, bool named)
    {
        var parameters = new JsonArray();
        if (named)
        {
            parameters.Add(PathParameter("name"));
        }

        if (namespaced)
        {
            parameters.Add(PathParameter("namespace"));
        }

        return parameters;
    }

    private static JsonObject PathParameter(string name) => new()
    {
        ["name"] = name,
        ["in"] = "path",
        ["required"] = true,
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };

    private static JsonObject Query(string name, string type = "string") => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["schema"] = new JsonObject { ["type"] = type, ["uniqueItems"] = true },
    };

    private static string Pascal(string text) =>
        string.Concat(text.Split('.', '-').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..])) is { Length: > 0 } s ? s : "Core";
}
