namespace OrleansKube.Model.Core;

public sealed record ResourceRequirements
{
    public Dictionary<string, Quantity>? Limits { get; set; }

    public Dictionary<string, Quantity>? Requests { get; set; }

    /// <summary>Dynamic resource claims (by name in the pod's resourceClaims) this container uses; stored as written.</summary>
    public List<ResourceClaim>? Claims { get; set; }
}
