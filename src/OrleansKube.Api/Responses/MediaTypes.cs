namespace OrleansKube.Api.Responses;

/// <summary>How the front reads Accept and Content-Type: parameters matter only where upstream gives them meaning.</summary>
public static class MediaTypes
{
    public const string Json = "application/json";

    public const string Protobuf = "application/vnd.kubernetes.protobuf";

    /// <summary>The media type without parameters, lower-case (<c>application/json; charset=utf-8</c> → <c>application/json</c>).</summary>
    public static string Essence(string? contentType) =>
        contentType is null ? "" : contentType.Split(';')[0].Trim().ToLowerInvariant();

    /// <summary>Whether the client asks for a <c>meta.k8s.io</c> Table (kubectl get).</summary>
    public static bool WantsTable(string? accept) => Offers(accept).Any(o => o.Contains("as=table", StringComparison.Ordinal) && o.Contains("g=meta.k8s.io", StringComparison.Ordinal));

    /// <summary>Whether the client asks for aggregated discovery (it must then get that exact content type back).</summary>
    public static bool WantsAggregatedDiscovery(string? accept) =>
        Offers(accept).Any(o => o.Contains("as=apigroupdiscoverylist", StringComparison.Ordinal) && o.Contains("v=v2", StringComparison.Ordinal) && !o.Contains("v=v2beta1", StringComparison.Ordinal));

    /// <summary>Whether the client asks for PartialObjectMetadata(List) (the metadata-only client).</summary>
    public static bool WantsPartialMetadata(string? accept) =>
        Offers(accept).FirstOrDefault() is { } first && first.Contains("as=partialobjectmetadata", StringComparison.Ordinal);

    private static IEnumerable<string> Offers(string? accept) =>
        accept is null ? [] : accept.Split(',').Select(o => o.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant());
}
