namespace OrleansKube.Model.Meta;

/// <summary>
/// What the API knows of one kind: its group/version, resource names and scope, and what discovery tells
/// clients of it (verbs, categories, subresources), as upstream's discovery documents say.
/// </summary>
public sealed record KindInfo(string Kind, string ApiVersion, string Plural, bool Namespaced, Type ClrType, params string[] ShortNames)
{
    /// <summary>Upstream's verbs for almost every resource.</summary>
    public static readonly IReadOnlyList<string> AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public string Singular => Kind.ToLowerInvariant();

    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    public string Version => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[(ApiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..] : ApiVersion;

    /// <summary>The plural with its group, as API errors name resources: <c>pods</c>, <c>deployments.apps</c>.</summary>
    public string QualifiedPlural => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>kubectl's resource name as it prints it: <c>pod</c>, <c>deployment.apps</c>.</summary>
    public string QualifiedResource => Group.Length == 0 ? Singular : $"{Singular}.{Group}";

    /// <summary>The verbs discovery lists for the resource.</summary>
    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;

    /// <summary>Discovery categories: <c>all</c> for what <c>kubectl get all</c> shows.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The subresources discovery lists (<c>status</c>, <c>scale</c>, <c>binding</c>, …), each with the kind it takes.</summary>
    public IReadOnlyList<SubresourceInfo> Subresources { get; init; } = [];

    /// <summary>
    /// Drops a client's status on create, for kinds whose status only the server and controllers write (upstream's
    /// strategies reset it in PrepareForCreate); null keeps what the client sent (Nodes report their own).
    /// </summary>
    public Action<KubeObject>? ClearStatus { get; init; }

    /// <summary>
    /// The versions served besides <see cref="ApiVersion"/>, which is the stored and preferred one: requests in them
    /// are converted in and out at the API (upstream serves HorizontalPodAutoscaler as autoscaling/v2 and v1).
    /// </summary>
    public IReadOnlyList<KindVersion> OtherVersions { get; init; } = [];

    /// <summary>The kind as discovery lists it in one of its <see cref="OtherVersions"/>: that apiVersion, its own subresources in it too.</summary>
    public KindInfo InVersion(KindVersion version) => this with
    {
        ApiVersion = version.ApiVersion,
        Subresources = [.. Subresources.Select(s => s.ApiVersion == ApiVersion && s.Kind == Kind ? s with { ApiVersion = version.ApiVersion } : s)],
        OtherVersions = [],
    };
}

/// <summary>A subresource as discovery lists it: <c>pods/eviction</c> takes a policy/v1 Eviction.</summary>
public sealed record SubresourceInfo(string Name, string Kind, string ApiVersion, IReadOnlyList<string> Verbs);
