using OrleansKube.Manifests.Reading;

namespace OrleansKube.Control.Scheduling.Configuration;

/// <summary>
/// A KubeSchedulerConfiguration-like file (<c>kubescheduler.config.k8s.io/v1</c>): profiles by schedulerName,
/// plugins enabled and disabled, score weights, plugin args, percentageOfNodesToScore, and the shard count.
/// </summary>
public sealed record SchedulerConfiguration
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public int? PercentageOfNodesToScore { get; set; }

    /// <summary>Shards per profile unless a profile says otherwise.</summary>
    public int? Shards { get; set; }

    public List<ProfileConfiguration>? Profiles { get; set; }

    public static SchedulerConfiguration Default { get; } = new() { Profiles = [new ProfileConfiguration()] };

    public static SchedulerConfiguration Load(string path) => Parse(File.ReadAllText(path), path);

    public static SchedulerConfiguration Parse(string yaml, string source)
    {
        var config = YamlConfig.Read<SchedulerConfiguration>(yaml, source);
        var errors = new List<string>();
        if (config.Kind is not (null or "KubeSchedulerConfiguration"))
        {
            errors.Add($"{source}: kind: Unsupported value: \"{config.Kind}\": supported values: \"KubeSchedulerConfiguration\"");
        }

        config.Profiles ??= [new ProfileConfiguration()];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < config.Profiles.Count; i++)
        {
            var profile = config.Profiles[i];
            if (!names.Add(profile.SchedulerName))
            {
                errors.Add($"{source}: profiles[{i}].schedulerName: Duplicate value: \"{profile.SchedulerName}\"");
            }

            if ((profile.Shards ?? config.Shards) is < 1)
            {
                errors.Add($"{source}: profiles[{i}].shards: Invalid value: {profile.Shards ?? config.Shards}: must be at least 1");
            }

            if ((profile.PercentageOfNodesToScore ?? config.PercentageOfNodesToScore) is < 0 or > 100)
            {
                errors.Add($"{source}: profiles[{i}].percentageOfNodesToScore: Invalid value: {profile.PercentageOfNodesToScore ?? config.PercentageOfNodesToScore}: not in valid range [0-100]");
            }

            try
            {
                PluginRegistry.BuildProfile(profile, config);
            }
            catch (ArgumentException e)
            {
                errors.Add($"{source}: profiles[{i}]: {e.Message}");
            }
        }

        return errors.Count == 0 ? config : throw new ManifestException(errors);
    }
}
