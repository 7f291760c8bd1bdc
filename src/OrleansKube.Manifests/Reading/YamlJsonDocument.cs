using System.Text.Json.Nodes;

namespace OrleansKube.Manifests.Reading;

/// <summary>One YAML document as JSON: its root (null when empty), the line it starts on, each field's line, and the keys given twice (the last one kept).</summary>
internal sealed record YamlJsonDocument(JsonNode? Root, int Line, Dictionary<string, int> Lines, List<(string Path, int Line)> Duplicates);
