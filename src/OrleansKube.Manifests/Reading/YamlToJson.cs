using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrleansKube.Manifests.Validation;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OrleansKube.Manifests.Reading;

/// <summary>
/// Converts YAML (and JSON, a subset of it) into JSON trees using YAML 1.2 core-schema scalar rules, remembering the
/// line of every field so later errors can point at it. It works on the parser's events, without recursion, and
/// enforces <see cref="ReadLimits"/> as it goes: depth, document size and alias expansion are checked before any
/// node is built, so neither a self-referencing alias nor a "billion laughs" document can exhaust the stack or memory.
/// </summary>
internal static partial class YamlToJson
{
    /// <summary>Every document of <paramref name="text"/>; a syntax error or a limit throws a <see cref="YamlException"/> with its position.</summary>
    public static IEnumerable<YamlJsonDocument> Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        while (parser.MoveNext())
        {
            if (parser.Current is DocumentStart start)
            {
                yield return ReadDocument(parser, start);
            }
        }
    }

    private static YamlJsonDocument ReadDocument(Parser parser, DocumentStart start)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var duplicates = new List<(string Path, int Line)>();
        var anchors = new Dictionary<string, Anchored>(StringComparer.Ordinal);
        var frames = new Stack<Frame>();
        JsonNode? root = null;
        var rootLine = (int)start.End.Line;
        long decoded = 0, fromAliases = 0;
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            if (current.End.Index - start.Start.Index > ReadLimits.MaxDocumentBytes)
            {
                throw new YamlException(current.Start, current.End, $"the document is too large: limit is {ReadLimits.MaxDocumentBytes} bytes");
            }

            if (current is DocumentEnd)
            {
                return new YamlJsonDocument(root, rootLine, lines, duplicates);
            }

            if (current is MappingEnd or SequenceEnd)
            {
                var done = frames.Pop();
                Attach(done.Node, done.Nodes, done.Height, done.Anchor);
                continue;
            }

            var parent = frames.Count > 0 ? frames.Peek() : null;
            if (parent is { IsMapping: true, Key: null })
            {
                // A key: only scalars are keys in Kubernetes objects (JSON's rule).
                if (current is not Scalar key)
                {
                    throw new YamlException(current.Start, current.End, "mapping keys must be strings");
                }

                parent.Key = key.Value;
                parent.KeyLine = (int)key.Start.Line;
                decoded++;
                continue;
            }

            var path = parent is null ? "" : parent.IsMapping ? FieldPath.Child(parent.Path, parent.Key!) : FieldPath.Index(parent.Path, parent.Count);
            // A map's member is where its key is (a nested map's own first line is its first key's).
            var line = parent is { IsMapping: true } ? parent.KeyLine : (int)current.Start.Line;
            lines.TryAdd(path, line);
            if (parent is null)
            {
                rootLine = (int)current.Start.Line;
            }

            switch (current)
            {
                case Scalar scalar:
                    decoded++;
                    Attach(ConvertScalar(scalar), 1, 0, Anchor(scalar.Anchor));
                    break;
                case MappingStart or SequenceStart:
                    if (frames.Count + 1 > ReadLimits.MaxDepth)
                    {
                        throw new YamlException(current.Start, current.End, $"exceeded max depth of {ReadLimits.MaxDepth}");
                    }

                    decoded++;
                    var isMapping = current is MappingStart;
                    var anchor = Anchor(((NodeEvent)current).Anchor);
                    if (anchor is not null)
                    {
                        anchors.Remove(anchor); // redefined: aliases inside refer to the node being read, which contains them
                    }

                    frames.Push(new Frame(isMapping ? new JsonObject() : new JsonArray(), path, isMapping, anchor));
                    break;
                case AnchorAlias alias:
                    var name = alias.Value.Value;
                    if (frames.Any(f => f.Anchor == name))
                    {
                        throw new YamlException(alias.Start, alias.End, $"anchor '{name}' value contains itself");
                    }

                    if (!anchors.TryGetValue(name, out var target))
                    {
                        throw new YamlException(alias.Start, alias.End, $"unknown anchor '{name}' referenced");
                    }

                    if (frames.Count + target.Height > ReadLimits.MaxDepth)
                    {
                        throw new YamlException(alias.Start, alias.End, $"exceeded max depth of {ReadLimits.MaxDepth}");
                    }

                    // Counted before anything is copied: the check happens before the expansion, not after.
                    decoded += 1 + target.Nodes;
                    fromAliases += target.Nodes;
                    if (ReadLimits.ExcessiveAliasing(decoded, fromAliases))
                    {
                        throw new YamlException(alias.Start, alias.End, "document contains excessive aliasing");
                    }

                    Attach(target.Node?.DeepClone(), target.Nodes, target.Height, null);
                    break;
                default:
                    throw new YamlException(current.Start, current.End, "unsupported YAML node");
            }

            if (ReadLimits.ExcessiveAliasing(decoded, fromAliases))
            {
                throw new YamlException(current.Start, current.End, "document contains excessive aliasing");
            }
        }

        return new YamlJsonDocument(root, rootLine, lines, duplicates);

        void Attach(JsonNode? node, long nodes, int height, string? anchor)
        {
            if (anchor is not null)
            {
                anchors[anchor] = new Anchored(node, nodes, height);
            }

            if (frames.Count == 0)
            {
                root = node;
                return;
            }

            var parent = frames.Peek();
            parent.Nodes += nodes;
            parent.Height = Math.Max(parent.Height, height + 1);
            if (parent.Node is JsonObject obj)
            {
                var key = parent.Key!;
                if (obj.ContainsKey(key))
                {
                    duplicates.Add((FieldPath.Child(parent.Path, key), parent.KeyLine));
                }

                obj[key] = node;
                parent.Key = null;
            }
            else
            {
                ((JsonArray)parent.Node).Add(node);
                parent.Count++;
            }
        }
    }

    private static string? Anchor(AnchorName name) => name.IsEmpty ? null : name.Value;

    private static JsonNode? ConvertScalar(Scalar scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (JsonNumber().IsMatch(text))
        {
            // Keep the number's own spelling (1e3 stays 1e3) so quantities keep their format.
            return JsonNode.Parse(text.TrimStart('+'));
        }

        if (IntegerLike().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex))
        {
            return JsonValue.Create(hex);
        }

        return JsonValue.Create(text);
    }

    /// <summary>A map or list being read.</summary>
    private sealed class Frame(JsonNode node, string path, bool isMapping, string? anchor)
    {
        public JsonNode Node { get; } = node;

        public string Path { get; } = path;

        public bool IsMapping { get; } = isMapping;

        public string? Anchor { get; } = anchor;

        public string? Key { get; set; }

        public int KeyLine { get; set; }

        public int Count { get; set; }

        /// <summary>The nodes of this subtree once aliases are expanded, itself included.</summary>
        public long Nodes { get; set; } = 1;

        public int Height { get; set; }
    }

    private sealed record Anchored(JsonNode? Node, long Nodes, int Height);

    [GeneratedRegex(@"^[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex JsonNumber();

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerLike();
}
