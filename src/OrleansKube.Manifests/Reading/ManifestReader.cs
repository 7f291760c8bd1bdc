using System.Text.Json.Nodes;
using OrleansKube.Manifests.Defaulting;
using OrleansKube.Manifests.Validation;
using YamlDotNet.Core;

namespace OrleansKube.Manifests.Reading;

/// <summary>
/// Reads manifests as kubectl does: YAML or JSON, several documents per file (<c>---</c>), <c>kind: List</c>,
/// and directories. Every object is decoded strictly, defaulted and validated; if any document is bad the
/// whole read fails with every problem listed, so nothing of a bad file is ever stored.
/// </summary>
public static class ManifestReader
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
        var documents = new List<ManifestDocument>();
        var errors = new List<string>();
        try
        {
            foreach (var yamlDocument in YamlToJson.Read(text))
            {
                Read(yamlDocument, source, documents, errors);
            }
        }
        catch (YamlException e)
        {
            // A syntax error or a limit: the rest of the stream cannot be read, and nothing of it is used.
            throw new ManifestException([$"error parsing {source}: line {e.Start.Line}: {CleanYamlMessage(e)}"]);
        }

        return errors.Count > 0 ? throw new ManifestException(errors) : documents;
    }

    private static void Read(YamlJsonDocument yamlDocument, string source, List<ManifestDocument> documents, List<string> errors)
    {
        var (root, line, lines, duplicates) = yamlDocument;
        if (duplicates.Count > 0)
        {
            errors.AddRange(duplicates.Select(d => $"error parsing {source}: line {d.Line}: duplicate key \"{LastSegment(d.Path)}\""));
            return;
        }

        if (root is null)
        {
            return; // an empty document, as after a trailing ---
        }

        if (root is not JsonObject obj)
        {
            errors.Add($"{source}:{line}: a manifest document must be an object");
            return;
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

    private static string LastSegment(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut < 0 ? path : path[cut] == '[' ? path[(cut + 1)..^1] : path[(cut + 1)..];
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
        var name = ((obj["metadata"] as JsonObject)?["name"] as JsonValue)?.ToString();
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

        var result = StrictDecoder.Decode(obj, kind);
        foreach (var field in result.UnknownFields)
        {
            errors.Add($"{source}:{LineOf(lines, field, line)}: {kind.Kind} \"{name}\" is invalid: unknown field \"{field}\"");
        }

        if (result.Object is not { } decoded)
        {
            errors.Add($"{source}:{LineOf(lines, result.ErrorPath!, line)}: {kind.Kind} \"{name}\" is invalid: {result.Error}");
            return;
        }

        if (result.UnknownFields.Count > 0)
        {
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
}
