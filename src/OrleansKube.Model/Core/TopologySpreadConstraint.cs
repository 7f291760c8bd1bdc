namespace OrleansKube.Model.Core;

public sealed record TopologySpreadConstraint
{
    public int MaxSkew { get; set; }

    public string TopologyKey { get; set; } = "";

    public UnsatisfiableConstraintAction WhenUnsatisfiable { get; set; }

    public LabelSelector? LabelSelector { get; set; }

    public int? MinDomains { get; set; }

    public NodeInclusionPolicy? NodeAffinityPolicy { get; set; }

    public NodeInclusionPolicy? NodeTaintsPolicy { get; set; }

    public List<string>? MatchLabelKeys { get; set; }
}
