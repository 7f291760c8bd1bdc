namespace OrleansKube.Manifests.Printing;

/// <summary>The policy group's table (upstream's printPodDisruptionBudget).</summary>
public static class PolicyTables
{
    /// <summary>Name, Min Available, Max Unavailable (N/A for the one not set), Allowed Disruptions, Age.</summary>
    public static readonly KindTable PodDisruptionBudget = new(
        [
            Columns.Name,
            Columns.Text("Min Available", "The minimum number of pods that must be available."),
            Columns.Text("Max Unavailable", "The maximum number of pods that may be unavailable."),
            Columns.Integer("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
            Columns.Age,
        ],
        static (o, now) =>
        {
            var pdb = (Model.Policy.PodDisruptionBudget)o;
            return [o.Metadata.Name, pdb.Spec?.MinAvailable?.ToString() ?? "N/A", pdb.Spec?.MaxUnavailable?.ToString() ?? "N/A", (long)(pdb.Status?.DisruptionsAllowed ?? 0), CellText.AgeOf(o, now)];
        });
}
