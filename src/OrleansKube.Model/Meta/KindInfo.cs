namespace OrleansKube.Model.Meta;

/// <summary>What the API knows of one kind: its group/version, resource names and scope.</summary>
public sealed record KindInfo(string Kind, string ApiVersion, string Plural, bool Namespaced, Type ClrType, params string[] ShortNames)
{
    public string Singular => Kind.ToLowerInvariant();

    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    /// <summary>The plural with its group, as API errors name resources: <c>pods</c>, <c>deployments.apps</c>.</summary>
    public string QualifiedPlural => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>kubectl's resource name as it prints it: <c>pod</c>, <c>deployment.apps</c>.</summary>
    public string QualifiedResource => Group.Length == 0 ? Singular : $"{Singular}.{Group}";
}
