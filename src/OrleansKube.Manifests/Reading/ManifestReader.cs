using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrleansKube.Manifests.Defaulting;
using OrleansKube.Manifests.Validation;
using OrleansKube.Model.Serialization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OrleansKube.Manifests.Reading;

/// <summary>
/// Reads manifests as kubectl does: YAML or JSON, several documents per file (<c>---</c>), <c>kind: List</c>,
/// and directories. Every object is decoded strictly, defaulted and validated; if any document is bad the
/// whole read fails with every problem listed, so nothing of a bad file is ever stored.
/// </summary>
public static partial class ManifestReader
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>Reads a file, or every .yaml/.yml/.json file of a directory in name order.</summary>
    public static IReadOnlyList<ManifestDocument> ReadPath(string path, bool recursive = false)
    {
        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToList();
            var documents = new List<ManifestDocument>();
            var errors = new List<string>();
            foreach (var file in files)
            {
                try
                {
                    documents.AddRange(ReadText(File.ReadAllText(file), file));
                }
                catch (ManifestException e)
                {
                    errors.AddRange(e.Errors);
                }
            }

            return errors.Count > 0 ? throw new ManifestException(errors) : documents;
        }

        if (!File.Exists(path))
        {
            throw new ManifestException([$"the path \"{path}\" does not exist"]);
        }

        return ReadText(File.ReadAllText(path), path);
    }

    public static IReadOnlyList<ManifestDocument> ReadText(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ManifestException([$"error parsing {source}: line {e.Start.Line}: {CleanYamlMessage(e)}"]);
        }

        var documents = new List<ManifestDocument>();
        var errors = new List<string>();
        foreach (var yamlDocument in stream.Documents)
        {
            var lines = new Dictionary<string, int>(StringComparer.Ordinal);
            JsonNode? root;
            try
            {
                root = YamlToJson.Convert(yamlDocument.RootNode, "", lines);
            }
            catch (YamlException e)
            {
                errors.Add($"error parsing {source}: line {e.Start.Line}: {CleanYamlMessage(e)}");
                continue;
            }

            if (root is null)
            {
                continue; // an empty document, as after a trailing ---
            }

            var line = (int)yamlDocument.RootNode.Start.Line;
            if (root is not JsonObject obj)
            {
                errors.Add($"{source}:{line}: a manifest document must be an object");
                continue;
            }

            if (obj["kind"] is JsonValue listKind && listKind.ToString() == "List" && obj["items"] is JsonArray items)
            {
                for (var i = 0; i < items.Count; i++)
                {
                    var itemPath = FieldPath.Index("items", i);
                    var itemLines = lines.Where(l => l.Key.StartsWith(itemPath, StringComparison.Ordinal))
                        .ToDictionary(l => l.Key[itemPath.Length..].TrimStart('.'), l => l.Value, StringComparer.Ordinal);
                    Decode(items[i] as JsonObject, itemLines, source, lines.GetValueOrDefault(itemPath, line), documents, errors);
                }
            }
            else
            {
                Decode(obj, lines, source, line, documents, errors);
            }
        }

        return errors.Count > 0 ? throw new ManifestException(errors) : documents;
    }

    private static void Decode(JsonObject? obj, Dictionary<string, int> lines, string source, int line, List<ManifestDocument> documents, List<string> errors)
    {
        if (obj is null)
        {
            errors.Add($"{source}:{line}: a list item must be an object");
            return;
        }

        var apiVersion = (obj["apiVersion"] as JsonValue)?.ToString();
        var kindName = (obj["kind"] as JsonValue)?.ToString();
        var name = (obj["metadata"]?["name"] as JsonValue)?.ToString();
        if (string.IsNullOrEmpty(kindName))
        {
            errors.Add($"{source}:{line}: Object 'Kind' is missing in '{Abbreviate(obj)}'");
            return;
        }

        if (string.IsNullOrEmpty(apiVersion))
        {
            errors.Add($"{source}:{line}: Object 'apiVersion' is missing in '{Abbreviate(obj)}'");
            return;
        }

        var kind = Kinds.Find(apiVersion, kindName);
        if (kind is null)
        {
            errors.Add($"{source}:{line}: resource mapping not found for name: \"{name}\": no matches for kind \"{kindName}\" in version \"{apiVersion}\"");
            return;
        }

        KubeObject decoded;
        try
        {
            decoded = (KubeObject)obj.Deserialize(kind.ClrType, KubeJson.Options)!;
        }
        catch (JsonException e)
        {
            var path = FieldPath.FromJsonPath(e.Path);
            errors.Add($"{source}:{LineOf(lines, path, line)}: {kind.Kind} \"{name}\" is invalid: {DescribeDecodeError(e, path, obj)}");
            return;
        }

        ObjectDefaults.Apply(decoded);
        var problems = ObjectValidator.Validate(decoded);
        foreach (var problem in problems)
        {
            errors.Add($"{source}:{LineOf(lines, problem.Path, line)}: {kind.Kind} \"{name ?? decoded.Metadata.GenerateName}\" is invalid: {problem}");
        }

        if (problems.Count == 0)
        {
            documents.Add(new ManifestDocument(decoded, source, line));
        }
    }

    /// <summary>The line of a field, or of its nearest ancestor that the manifest spells out.</summary>
    private static int LineOf(Dictionary<string, int> lines, string path, int fallback)
    {
        while (true)
        {
            if (lines.TryGetValue(path, out var line))
            {
                return line;
            }

            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            if (cut <= 0)
            {
                return fallback;
            }

            path = path[..cut];
        }
    }

    private static string DescribeDecodeError(JsonException e, string path, JsonObject root)
    {
        var message = PathSuffix().Replace(e.Message, "");
        var unmapped = UnmappedProperty().Match(message);
        if (unmapped.Success)
        {
            // STJ reports the parent path for an unknown property; upstream names the field itself.
            var field = path.EndsWith(unmapped.Groups[1].Value, StringComparison.Ordinal) ? path : FieldPath.Child(path, unmapped.Groups[1].Value);
            return $"unknown field \"{field}\"";
        }

        var value = Lookup(root, path);
        var target = ConvertTarget().Match(message);
        if (target.Success && target.Groups[1].Value == "System.Byte[]" && Lookup(root, path, raw: true) is { } encoded)
        {
            return $"{path}: Invalid value: {value}: illegal base64 data at input byte {Base64Text.FirstIllegalByte(encoded)}";
        }

        if (target.Success)
        {
            var expected = target.Groups[1].Value switch
            {
                "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" or "System.Nullable`1[System.Int64]" => "must be an integer",
                "System.Boolean" or "System.Nullable`1[System.Boolean]" => "must be a boolean",
                "System.String" => "must be a string",
                var other when other.StartsWith("System.Collections.Generic.List", StringComparison.Ordinal) => "must be a list",
                var other when other.StartsWith("System.Collections.Generic.Dictionary", StringComparison.Ordinal) => "must be a map",
                _ => "must be an object",
            };
            return $"{path}: Invalid value: {value}: {expected}";
        }

        return $"{path}: {message}";
    }

    private static string? Lookup(JsonObject root, string path, bool raw) =>
        raw ? TryFindNode(root, path, out var node) && (node as JsonValue)?.TryGetValue<string>(out var text) == true ? text : null : Lookup(root, path);

    /// <summary>The node at a field path (null where nothing is); false where the path does not fit the document's shape.</summary>
    private static bool TryFindNode(JsonObject root, string path, out JsonNode? node)
    {
        node = root;
        try
        {
            foreach (Match segment in PathSegment().Matches(path))
            {
                node = segment.Groups[1].Success ? node?[segment.Groups[1].Value]
                    : int.TryParse(segment.Groups[2].Value, out var index) && node is JsonArray array ? array[index]
                    : node?[segment.Groups[2].Value];
            }

            return true;
        }
        catch (InvalidOperationException)
        {
            node = null;
            return false;
        }
    }

    private static string Lookup(JsonObject root, string path) =>
        TryFindNode(root, path, out var node) ? node?.ToJsonString() ?? "null" : "?";

    private static string Abbreviate(JsonObject obj)
    {
        var text = obj.ToJsonString();
        return text.Length > 80 ? text[..80] + "…" : text;
    }

    private static string CleanYamlMessage(YamlException e) => e.InnerException?.Message ?? e.Message.Split(": ", 2) switch
    {
        [var location, var rest] when location.StartsWith('(') => rest,
        _ => e.Message,
    };

    [GeneratedRegex(@" Path: \$.*$", RegexOptions.Singleline)]
    private static partial Regex PathSuffix();

    [GeneratedRegex(@"The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex(@"could not be converted to ([^\s.]+(\.[^\s.]+)*)")]
    private static partial Regex ConvertTarget();

    [GeneratedRegex(@"(?:^|\.)([^.\[]+)|\[([^\]]+)\]")]
    private static partial Regex PathSegment();
}
