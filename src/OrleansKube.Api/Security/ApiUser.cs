namespace OrleansKube.Api.Security;

/// <summary>Who made a request, as kube-apiserver's authenticators name users: a name, a uid and groups.</summary>
public sealed record ApiUser(string Name, string Uid, IReadOnlyList<string> Groups)
{
    /// <summary>The group whose members may do everything (upstream's cluster-admin binding).</summary>
    public const string MastersGroup = "system:masters";

    /// <summary>A request without credentials, on the paths anyone may read (upstream's system:public-info-viewer).</summary>
    public static ApiUser Anonymous { get; } = new("system:anonymous", "", ["system:unauthenticated"]);

    public bool IsMaster => Groups.Contains(MastersGroup, StringComparer.Ordinal);
}
