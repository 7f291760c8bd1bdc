using System.Text.Json;
using OrleansKube.Model.Serialization;
using YamlDotNet.Core;

namespace OrleansKube.Manifests.Reading;

/// <summary>Reads a YAML configuration file (a cluster profile, a scenario) into a type, strictly, with line numbers in errors.</summary>
public static class YamlConfig
{
    public static T Read<T>(string text, string source)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            var document = YamlToJson.Read(text).FirstOrDefault();
            lines = document?.Lines ?? lines;
            if (document?.Duplicates is [var duplicate, ..])
            {
                throw new ManifestException([$"error parsing {source}: line {duplicate.Line}: duplicate key \"{duplicate.Path}\""]);
            }

            return (document?.Root).Deserialize<T>(KubeJson.Options) ?? throw new ManifestException([$"{source}: the file is empty"]);
        }
        catch (YamlException e)
        {
            throw new ManifestException([$"error parsing {source}: line {e.Start.Line}: {e.Message}"]);
        }
        catch (JsonException e)
        {
            var path = Validation.FieldPath.FromJsonPath(e.Path);
            var message = System.Text.RegularExpressions.Regex.Replace(e.Message, @" Path: \$.*$", "", System.Text.RegularExpressions.RegexOptions.Singleline);
            throw new ManifestException([$"{source}:{lines.GetValueOrDefault(path)}: {path}: {message}"]);
        }
    }
}
