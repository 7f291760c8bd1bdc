namespace OrleansKube.Control.Kubelet;

/// <summary>
/// The ConfigMaps and Secrets a pod names — in its containers' <c>env</c> and <c>envFrom</c> and in its volumes — and the
/// kubelet's checks of them, as upstream makes them: a volume whose object (or a listed key) is missing does not mount
/// (<c>MountVolume.SetUp failed for volume …</c>), so no container starts; a container whose environment names a missing
/// object or key is not created (<c>CreateContainerConfigError</c>). References marked <c>optional</c> never fail.
/// A persistentVolumeClaim volume mounts once its claim is bound; until then the pod waits, retrying on the mount back-off.
/// </summary>
public static class ConfigReferences
{
    /// <summary>True when the pod names any ConfigMap, Secret or claim (most pods name none, and are never checked).</summary>
    public static bool Any(PodSpec spec)
    {
        foreach (var volume in spec.Volumes ?? [])
        {
            if (volume.ConfigMap is not null || volume.Secret is not null || volume.PersistentVolumeClaim is not null)
            {
                return true;
            }
        }

        return AnyIn(spec.InitContainers) || AnyIn(spec.Containers);
    }

    /// <summary>The names of the ConfigMaps and of the Secrets the pod names, each once.</summary>
    public static (IReadOnlyCollection<string> ConfigMaps, IReadOnlyCollection<string> Secrets) Names(PodSpec spec)
    {
        var configMaps = new HashSet<string>(StringComparer.Ordinal);
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var volume in spec.Volumes ?? [])
        {
            Add(configMaps, volume.ConfigMap?.Name);
            Add(secrets, volume.Secret?.SecretName);
        }

        foreach (var container in (spec.InitContainers ?? []).Concat(spec.Containers))
        {
            foreach (var from in container.EnvFrom ?? [])
            {
                Add(configMaps, from.ConfigMapRef?.Name);
                Add(secrets, from.SecretRef?.Name);
            }

            foreach (var env in container.Env ?? [])
            {
                Add(configMaps, env.ValueFrom?.ConfigMapKeyRef?.Name);
                Add(secrets, env.ValueFrom?.SecretKeyRef?.Name);
            }
        }

        return (configMaps, secrets);
    }

    /// <summary>The names of the claims the pod's volumes name, each once (most pods: none).</summary>
    public static IReadOnlyCollection<string> ClaimNames(PodSpec spec)
    {
        var claims = new HashSet<string>(StringComparer.Ordinal);
        foreach (var volume in spec.Volumes ?? [])
        {
            Add(claims, volume.PersistentVolumeClaim?.ClaimName);
        }

        return claims;
    }

    /// <summary>
    /// Each of the pod's volumes that cannot be set up with <paramref name="objects"/>, with upstream's event message
    /// (<c>MountVolume.SetUp failed for volume "config" : configmap "app" not found</c>), in the pod's order.
    /// </summary>
    public static List<string> MountFailures(PodSpec spec, ConfigObjects objects)
    {
        List<string>? failures = null;
        foreach (var volume in spec.Volumes ?? [])
        {
            if (volume.PersistentVolumeClaim is { } claim && objects.ClaimBound(claim.ClaimName) is not true)
            {
                // Upstream's volume manager cannot add an unbound (or missing) claim's volume to the pod's desired state.
                var problem = objects.ClaimBound(claim.ClaimName) is null ? $"persistentvolumeclaim \"{claim.ClaimName}\" not found" : $"PVC {objects.Namespace}/{claim.ClaimName} is not bound";
                (failures ??= []).Add($"Unable to attach or mount volumes: unmounted volumes=[{volume.Name}]: error processing PVC {objects.Namespace}/{claim.ClaimName}: {problem}");
                continue;
            }

            var reason = volume switch
            {
                { ConfigMap: { } source } => Missing("configmap", source.Name, source.Optional, source.Items, objects.ConfigMapKeys(source.Name ?? ""), "configmap references non-existent config key: "),
                { Secret: { } source } => Missing("secret", source.SecretName, source.Optional, source.Items, objects.SecretKeys(source.SecretName ?? ""), "references non-existent secret key: "),
                _ => null,
            };
            if (reason is not null)
            {
                (failures ??= []).Add($"MountVolume.SetUp failed for volume \"{volume.Name}\" : {reason}");
            }
        }

        return failures ?? [];
    }

    /// <summary>
    /// Why the kubelet cannot make <paramref name="container"/>'s environment from <paramref name="objects"/> (upstream's
    /// error text, the waiting message of <c>CreateContainerConfigError</c>), or null when it can. <c>envFrom</c> is
    /// read before <c>env</c>, each in order, as upstream does; the first failure is the one reported.
    /// </summary>
    public static string? ContainerConfigError(Container container, string ns, ConfigObjects objects)
    {
        foreach (var from in container.EnvFrom ?? [])
        {
            if (from.ConfigMapRef is { } configMap && objects.ConfigMapKeys(configMap.Name ?? "") is null && configMap.Optional != true)
            {
                return NotFound("configmap", configMap.Name);
            }

            if (from.SecretRef is { } secret && objects.SecretKeys(secret.Name ?? "") is null && secret.Optional != true)
            {
                return NotFound("secret", secret.Name);
            }
        }

        foreach (var env in container.Env ?? [])
        {
            if (env.ValueFrom?.ConfigMapKeyRef is { } configMapKey && KeyError("configmap", "ConfigMap", configMapKey, ns, objects.ConfigMapKeys(configMapKey.Name ?? "")) is { } configMapError)
            {
                return configMapError;
            }

            if (env.ValueFrom?.SecretKeyRef is { } secretKey && KeyError("secret", "Secret", secretKey, ns, objects.SecretKeys(secretKey.Name ?? "")) is { } secretError)
            {
                return secretError;
            }
        }

        return null;
    }

    private static bool AnyIn(List<Container>? containers)
    {
        foreach (var container in containers ?? [])
        {
            if (container.EnvFrom is { Count: > 0 })
            {
                return true;
            }

            foreach (var env in container.Env ?? [])
            {
                if (env.ValueFrom is { ConfigMapKeyRef: not null } or { SecretKeyRef: not null })
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void Add(HashSet<string> names, string? name)
    {
        if (!string.IsNullOrEmpty(name))
        {
            names.Add(name);
        }
    }

    private static string NotFound(string resource, string? name) => $"{resource} \"{name}\" not found";

    private static string? Missing(string resource, string? name, bool? optional, List<KeyToPath>? items, IReadOnlyCollection<string>? keys, string missingKey)
    {
        if (keys is null)
        {
            return optional == true ? null : NotFound(resource, name);
        }

        if (optional != true)
        {
            foreach (var item in items ?? [])
            {
                if (!keys.Contains(item.Key))
                {
                    return missingKey + item.Key;
                }
            }
        }

        return null;
    }

    private static string? KeyError(string resource, string kind, KeySelector selector, string ns, IReadOnlyCollection<string>? keys)
    {
        if (selector.Optional == true)
        {
            return null;
        }

        return keys is null ? NotFound(resource, selector.Name)
            : keys.Contains(selector.Key) ? null
            : $"couldn't find key {selector.Key} in {kind} {ns}/{selector.Name}";
    }
}

/// <summary>The ConfigMaps and Secrets a kubelet read for one pod: the keys of each that exists (a name absent here does not exist).</summary>
public sealed class ConfigObjects
{
    /// <summary>Nothing exists: every reference that is not optional fails.</summary>
    public static readonly ConfigObjects None = new([], [], [], "");

    private readonly Dictionary<string, IReadOnlyCollection<string>> _configMaps;
    private readonly Dictionary<string, IReadOnlyCollection<string>> _secrets;
    private readonly Dictionary<string, bool> _claims;

    private ConfigObjects(Dictionary<string, IReadOnlyCollection<string>> configMaps, Dictionary<string, IReadOnlyCollection<string>> secrets, Dictionary<string, bool> claims, string ns)
    {
        _configMaps = configMaps;
        _secrets = secrets;
        _claims = claims;
        Namespace = ns;
    }

    /// <summary>The pod's namespace, as the claims' messages name them.</summary>
    public string Namespace { get; }

    public static ConfigObjects Of(IEnumerable<ConfigMap> configMaps, IEnumerable<Secret> secrets, IEnumerable<PersistentVolumeClaim>? claims = null, string ns = "") => new(
        configMaps.ToDictionary(c => c.Metadata.Name ?? "", c => Keys(c.Data?.Keys, c.BinaryData?.Keys), StringComparer.Ordinal),
        secrets.ToDictionary(s => s.Metadata.Name ?? "", s => Keys(s.Data?.Keys, null), StringComparer.Ordinal),
        (claims ?? []).ToDictionary(c => c.Metadata.Name ?? "", c => c.Spec?.VolumeName is { Length: > 0 } && c.Status?.Phase == PersistentVolumeClaimPhase.Bound, StringComparer.Ordinal),
        ns);

    /// <summary>Whether the named claim is bound to its volume; null when it does not exist.</summary>
    public bool? ClaimBound(string name) => _claims.TryGetValue(name, out var bound) ? bound : null;

    private static IReadOnlyCollection<string> Keys(IEnumerable<string>? data, IEnumerable<string>? binaryData) =>
        new HashSet<string>((data ?? []).Concat(binaryData ?? []), StringComparer.Ordinal);

    /// <summary>The keys of the named ConfigMap (<c>data</c> and <c>binaryData</c>), or null when it does not exist.</summary>
    public IReadOnlyCollection<string>? ConfigMapKeys(string name) => _configMaps.GetValueOrDefault(name);

    /// <summary>The keys of the named Secret, or null when it does not exist.</summary>
    public IReadOnlyCollection<string>? SecretKeys(string name) => _secrets.GetValueOrDefault(name);
}
