namespace OrleansKube.Model.Core;

public sealed record PodAffinityTerm
{
    public LabelSelector? LabelSelector { get; set; }

    public List<string>? Namespaces { get; set; }

    public LabelSelector? NamespaceSelector { get; set; }

    public string TopologyKey { get; set; } = "";

    // Stored and returned as written: the scheduler's affinity does not merge the pod's label values into the selector.
    public List<string>? MatchLabelKeys { get; set; }

    public List<string>? MismatchLabelKeys { get; set; }
}
