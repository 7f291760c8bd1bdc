using System.Text.Json.Nodes;

namespace OrleansKube.Api;

/// <summary>
/// What <c>/version</c> reports. The <c>kubectl</c> on PATH is a dispatcher that runs the kubectl whose minor matches
/// the server's, so the minor is the kubectl we serve for (1.32); gitVersion must be valid semver (<c>kubectl version</c>).
/// </summary>
public static class KubeVersion
{
    public const string Major = "1";

    public const string Minor = "32";

    public const string GitVersion = "v1.32.0-orleanskube";

    public static JsonObject Info() => new()
    {
        ["major"] = Major,
        ["minor"] = Minor,
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = "",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.23.0",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };
}
