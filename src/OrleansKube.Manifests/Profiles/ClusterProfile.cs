using OrleansKube.Manifests.Reading;
using OrleansKube.Manifests.Simulation;
using OrleansKube.Manifests.Validation;
using OrleansKube.Model.Selection;

namespace OrleansKube.Manifests.Profiles;

/// <summary>The shape of a simulated cluster: its node pools (see <c>profiles/default.yaml</c>).</summary>
public sealed record ClusterProfile
{
    public string Name { get; set; } = "cluster";

    public List<NodePool> Pools { get; set; } = [];

    /// <summary>Image sizes (name → size) for the pull model; images not listed have <see cref="DefaultImageSize"/>.</summary>
    public Dictionary<string, Quantity>? ImageSizes { get; set; }

    public Quantity DefaultImageSize { get; set; } = Quantity.Parse("100Mi");

    /// <summary>Bytes per second a node pulls at: an image missing on a node delays its pod by size / bandwidth.</summary>
    public Quantity ImagePullBandwidth { get; set; } = Quantity.Parse("100Mi");

    /// <summary>
    /// Default behaviour of every pod, written as the pod annotations are without their prefix
    /// (<c>start-seconds: "2"</c>, <c>run-seconds: "600"</c>); a pod's own annotations win.
    /// </summary>
    public Dictionary<string, string>? PodDefaults { get; set; }

    /// <summary>The size the pull model gives <paramref name="image"/> (a normalised name is looked up too).</summary>
    public long ImageSize(string image) =>
        ImageSizes is { } sizes && (sizes.TryGetValue(image, out var size) || sizes.TryGetValue(image + ":latest", out size)) ? size.Value : DefaultImageSize.Value;

    /// <summary>The pod defaults as annotations (with the <c>sim.orleanskube.io/</c> prefix).</summary>
    public Dictionary<string, string>? PodDefaultAnnotations() =>
        PodDefaults?.ToDictionary(d => Simulation.WorkloadBehaviour.Prefix + d.Key, d => d.Value, StringComparer.Ordinal);

    public static ClusterProfile Load(string path)
    {
        var profile = YamlConfig.Read<ClusterProfile>(File.ReadAllText(path), path);
        var errors = profile.Validate();
        return errors.Count == 0 ? profile : throw new ManifestException([.. errors.Select(e => $"{path}: {e}")]);
    }

    public List<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        var defaults = new List<FieldError>();
        WorkloadBehaviour.Validate(PodDefaultAnnotations(), "podDefaults", defaults);
        errors.AddRange(defaults.Select(e => e with { Path = e.Path.Replace("[" + WorkloadBehaviour.Prefix, ".", StringComparison.Ordinal).TrimEnd(']') }));
        if (ImagePullBandwidth.Value <= 0)
        {
            errors.Add(FieldError.Invalid("imagePullBandwidth", ImagePullBandwidth.ToString(), "must be greater than 0"));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Pools.Count; i++)
        {
            var pool = Pools[i];
            var path = FieldPath.Index("pools", i);
            if (NameRules.CheckDns1123Label(pool.Name) is { } problem)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "name"), pool.Name, problem));
            }
            else if (!names.Add(pool.Name))
            {
                errors.Add(FieldError.Duplicate(FieldPath.Child(path, "name"), pool.Name));
            }

            if (pool.Count < 0)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "count"), pool.Count, "must be greater than or equal to 0"));
            }

            var kubelet = new List<FieldError>();
            NodeSimulation.Validate(pool.KubeletAnnotations(), "", kubelet);
            foreach (var error in kubelet)
            {
                var field = error.Path switch
                {
                    var p when p.Contains(NodeSimulation.EvictionSoftGracePeriodKey, StringComparison.Ordinal) => "evictionSoftGracePeriod",
                    var p when p.Contains(NodeSimulation.EvictionSoftKey, StringComparison.Ordinal) => "evictionSoft",
                    _ => "evictionHard",
                };
                errors.Add(new FieldError(FieldPath.Child(path, field), error.Detail));
            }

            foreach (var resource in new[] { "cpu", "memory", "pods" })
            {
                if (!pool.Capacity.ContainsKey(resource))
                {
                    errors.Add(FieldError.Required(FieldPath.Child(FieldPath.Child(path, "capacity"), resource)));
                }
            }
        }

        return errors;
    }

    /// <summary>The Node objects of every pool: <c>{pool}-{n}</c>, with the well-known topology labels.</summary>
    public IEnumerable<Node> CreateNodes() => Pools.SelectMany(pool => CreateNodes(pool, 0, pool.Count, ImageSize));

    /// <summary>Nodes <c>{pool}-{first+1}</c> … of one pool: the zones continue round-robin from where the numbering is.</summary>
    public static IEnumerable<Node> CreateNodes(NodePool pool, int first, int count, Func<string, long> imageSize)
    {
        for (var i = first; i < first + count; i++)
        {
            var name = $"{pool.Name}-{i + 1}";
            var labels = new Dictionary<string, string>(pool.Labels ?? [], StringComparer.Ordinal)
            {
                ["kubernetes.io/hostname"] = name,
                ["kubernetes.io/os"] = pool.OperatingSystem ?? "linux",
                ["kubernetes.io/arch"] = pool.Architecture ?? "amd64",
            };
            if (pool.Zones is { Count: > 0 } zones)
            {
                labels["topology.kubernetes.io/zone"] = zones[i % zones.Count];
            }

            if (pool.Region is { } region)
            {
                labels["topology.kubernetes.io/region"] = region;
            }

            if (pool.InstanceType is { } instanceType)
            {
                labels["node.kubernetes.io/instance-type"] = instanceType;
            }

            yield return new Node
            {
                ApiVersion = "v1",
                Kind = "Node",
                Metadata = new ObjectMeta { Name = name, Labels = labels, Annotations = pool.KubeletAnnotations() },
                Spec = new NodeSpec { Taints = pool.Taints?.Select(t => t with { }).ToList() },
                Status = new NodeStatus
                {
                    Capacity = new(pool.Capacity, StringComparer.Ordinal),
                    Allocatable = new(pool.Allocatable ?? pool.Capacity, StringComparer.Ordinal),
                    Images = pool.Images is { Count: > 0 } images ? [.. images.Select(i => new ContainerImage { Names = [i], SizeBytes = imageSize(i) })] : null,
                },
            };
        }
    }
}
