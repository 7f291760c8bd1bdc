namespace OrleansKube.Model.Core;

public sealed record PodAffinityTerm
{
    public LabelSelector? LabelSelector { get; set; }

    public List<string>? Namespaces { get; set; }

    public LabelSelector? NamespaceSelector { get; set; }

    public string TopologyKey { get; set; } = "";
}
