namespace OrleansKube.Manifests.Patching;

/// <summary>
/// Which lists of a kind merge and by what (upstream's <c>patchStrategy</c>/<c>patchMergeKey</c> and
/// <c>listType</c>/<c>listMapKey</c> tags of k8s.io/api core, apps and batch v1). Fields are addressed by paths such as
/// <c>spec.template.spec.containers[].ports</c>; a list not named here is atomic (replaced whole: tolerations, node
/// taints, command, args, envFrom, Endpoints subsets, container statuses, CronJob <c>status.active</c>…), and every
/// map merges.
/// </summary>
public sealed class PatchSchema
{
    private static readonly ListRule ByName = ListRule.Keyed("name");
    private static readonly ListRule ByType = ListRule.Keyed("type");

    private static readonly Dictionary<string, PatchSchema> ByKind = BuildAll();

    private readonly Dictionary<string, ListRule> _lists;

    private PatchSchema(Dictionary<string, ListRule> lists) => _lists = lists;

    /// <summary>A schema with no list rules: every list is atomic (what an unknown kind gets).</summary>
    public static PatchSchema Empty { get; } = new(new Dictionary<string, ListRule>(StringComparer.Ordinal));

    public static PatchSchema For(KindInfo kind) => ByKind.GetValueOrDefault(kind.Kind, Empty);

    /// <summary>The rule of the list at <paramref name="path"/> (list elements are <c>[]</c>), or null for an atomic list.</summary>
    public ListRule? List(string path) => _lists.GetValueOrDefault(path);

    /// <summary>Appends a field to a path.</summary>
    internal static string Child(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

    /// <summary>The path of a list's elements.</summary>
    internal static string Element(string path) => path + "[]";

    private static Dictionary<string, PatchSchema> BuildAll()
    {
        var all = new Dictionary<string, PatchSchema>(StringComparer.Ordinal);
        foreach (var kind in Kinds.All)
        {
            var rules = new Dictionary<string, ListRule>(StringComparer.Ordinal);
            Metadata(rules, "metadata");
            Describe(kind.Kind, rules);
            all[kind.Kind] = new PatchSchema(rules);
        }

        return all;
    }

    private static void Describe(string kind, Dictionary<string, ListRule> rules)
    {
        switch (kind)
        {
            case "Pod":
                PodSpec(rules, "spec");
                rules["status.conditions"] = ByType;
                rules["status.podIPs"] = ListRule.Keyed("ip");
                rules["status.hostIPs"] = new ListRule("ip", []);
                rules["status.resourceClaimStatuses"] = ByName;
                break;
            case "ServiceAccount":
                rules["secrets"] = ByName;
                break;
            case "Deployment" or "ReplicaSet" or "ReplicationController" or "DaemonSet":
                PodTemplate(rules, "spec.template");
                rules["status.conditions"] = ByType;
                break;
            case "StatefulSet":
                PodTemplate(rules, "spec.template");
                rules["status.conditions"] = ByType;
                break;
            case "PersistentVolumeClaim":
                rules["status.conditions"] = ByType;
                break;
            case "PersistentVolume" or "StorageClass":
                // core/v1 and storage/v1 mark these kinds' lists atomic.
                break;
            case "Job":
                PodTemplate(rules, "spec.template");
                rules["status.conditions"] = new ListRule("type", []);
                break;
            case "CronJob":
                Metadata(rules, "spec.jobTemplate.metadata");
                PodTemplate(rules, "spec.jobTemplate.spec.template");
                break;
            case "Node":
                rules["spec.podCIDRs"] = ListRule.Set;
                rules["status.conditions"] = ByType;
                rules["status.addresses"] = ByType;
                break;
            case "Service":
                rules["spec.ports"] = new ListRule("port", ["port", "protocol"]);
                rules["status.conditions"] = ByType;
                break;
            case "Namespace" or "HorizontalPodAutoscaler":
                rules["status.conditions"] = ByType;
                break;
            case "PodDisruptionBudget":
                rules["status.conditions"] = ByType;
                break;
            case "Ingress" or "IngressClass":
                // networking/v1 marks every list of both kinds atomic (rules, paths, tls, status.loadBalancer.ingress).
                break;
        }
    }

    private static void Metadata(Dictionary<string, ListRule> rules, string path)
    {
        rules[Child(path, "finalizers")] = ListRule.Set;
        rules[Child(path, "ownerReferences")] = ListRule.Keyed("uid");
    }

    private static void PodTemplate(Dictionary<string, ListRule> rules, string path)
    {
        Metadata(rules, Child(path, "metadata"));
        PodSpec(rules, Child(path, "spec"));
    }

    private static void PodSpec(Dictionary<string, ListRule> rules, string path)
    {
        foreach (var containers in new[] { "containers", "initContainers", "ephemeralContainers" })
        {
            var list = Child(path, containers);
            rules[list] = ByName;
            Container(rules, Element(list));
        }

        foreach (var byName in new[] { "volumes", "imagePullSecrets", "schedulingGates", "resourceClaims" })
        {
            rules[Child(path, byName)] = ByName;
        }

        rules[Child(path, "hostAliases")] = ListRule.Keyed("ip");
        rules[Child(path, "topologySpreadConstraints")] = new ListRule("topologyKey", ["topologyKey", "whenUnsatisfiable"]);
    }

    private static void Container(Dictionary<string, ListRule> rules, string path)
    {
        rules[Child(path, "ports")] = new ListRule("containerPort", ["containerPort", "protocol"]);
        rules[Child(path, "env")] = ByName;
        rules[Child(path, "volumeMounts")] = ListRule.Keyed("mountPath");
        rules[Child(path, "volumeDevices")] = ListRule.Keyed("devicePath");
        rules[Child(path, "resources.claims")] = new ListRule(null, ["name"]);
    }
}
