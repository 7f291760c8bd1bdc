namespace OrleansKube.Model.Core;

public sealed record ReplicationControllerSpec
{
    public int? Replicas { get; set; }

    public int? MinReadySeconds { get; set; }

    /// <summary>Equality requirements only; defaulted from the template's labels when empty.</summary>
    public Dictionary<string, string>? Selector { get; set; }

    public PodTemplateSpec? Template { get; set; }
}
