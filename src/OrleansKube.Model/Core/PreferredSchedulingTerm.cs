namespace OrleansKube.Model.Core;

public sealed record PreferredSchedulingTerm
{
    public int Weight { get; set; }

    public NodeSelectorTerm Preference { get; set; } = new();
}
