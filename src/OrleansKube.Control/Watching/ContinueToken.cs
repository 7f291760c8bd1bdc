using System.Text;
using System.Text.Json;

namespace OrleansKube.Control.Watching;

/// <summary>
/// Where a paged list goes on: the snapshot's resourceVersion, the last key returned, and how many items came
/// before (for remainingItemCount). Clients see it as opaque base64 (upstream's is base64 JSON too).
/// </summary>
public sealed record ContinueToken(long ResourceVersion, string Namespace, string Name, long Returned)
{
    public string Encode() =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new Wire("meta.k8s.io/v1", ResourceVersion, Namespace, Name, Returned)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The token back, or upstream's message for one that is not valid.</summary>
    public static (ContinueToken? Token, string? Error) Decode(string text)
    {
        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - (base64.Length % 4)) % 4);
            var wire = JsonSerializer.Deserialize<Wire>(Encoding.UTF8.GetString(Convert.FromBase64String(base64)));
            if (wire is null || wire.V != "meta.k8s.io/v1" || wire.Rv <= 0 || wire.Name is null || wire.Ns is null)
            {
                return (null, "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
            }

            return (new ContinueToken(wire.Rv, wire.Ns, wire.Name, wire.N), null);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return (null, $"continue key is not valid: {e.Message}");
        }
    }

    private sealed record Wire(
        [property: System.Text.Json.Serialization.JsonPropertyName("v")] string V,
        [property: System.Text.Json.Serialization.JsonPropertyName("rv")] long Rv,
        [property: System.Text.Json.Serialization.JsonPropertyName("ns")] string Ns,
        [property: System.Text.Json.Serialization.JsonPropertyName("start")] string Name,
        [property: System.Text.Json.Serialization.JsonPropertyName("n")] long N);
}
