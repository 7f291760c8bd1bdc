namespace OrleansKube.Model.Core;

/// <summary>An identity for a namespace's pods (stored: the simulation issues no tokens).</summary>
public sealed record ServiceAccount : KubeObject
{
    public List<ObjectReference>? Secrets { get; set; }

    public List<LocalObjectReference>? ImagePullSecrets { get; set; }

    public bool? AutomountServiceAccountToken { get; set; }
}
