namespace OrleansKube.Manifests.Reading;

/// <summary>
/// What the readers of untrusted YAML and JSON accept, as kube-apiserver bounds a request: its size (3 MiB), its
/// nesting, and how much YAML aliases may expand (go-yaml's rule). Past them a read fails with one line saying which.
/// </summary>
public static class ReadLimits
{
    /// <summary>upstream's <c>MaxRequestBodyBytes</c>: a request body, and here also one manifest document.</summary>
    public const int MaxDocumentBytes = 3 * 1024 * 1024;

    /// <summary>
    /// Nested maps and lists. Upstream allows 10,000; no kind of the model nests past ~15 levels, and the readers and
    /// System.Text.Json (whose own default is 64) recurse, so deeper input is refused before it can exhaust a stack.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// go-yaml's alias rule (yaml.v3 <c>decode.go</c>): after 1,000 nodes and 100 from aliases, the share of nodes that
    /// come from alias expansion may not pass 99 % (up to 400,000 nodes), falling to 10 % at 4,000,000.
    /// </summary>
    public static bool ExcessiveAliasing(long decoded, long fromAliases) =>
        fromAliases > 100 && decoded > 1000 && (double)fromAliases / decoded > AllowedAliasRatio(decoded);

    private static double AllowedAliasRatio(long decoded) => decoded switch
    {
        <= 400_000 => 0.99,
        >= 4_000_000 => 0.10,
        _ => 0.99 - (0.89 * (decoded - 400_000) / 3_600_000),
    };
}
