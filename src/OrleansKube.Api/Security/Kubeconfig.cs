using System.Text;
using System.Text.Json;

namespace OrleansKube.Api.Security;

/// <summary>A ready kubeconfig for the API: its server URL, the CA's data when it serves TLS, a token when tokens are on.</summary>
public static class Kubeconfig
{
    public const string Name = "orleanskube";

    public static string Build(Uri server, string? authorityPem, string? token)
    {
        // Scalars are written as JSON strings, which YAML reads as double-quoted scalars: any token stays intact.
        var text = new StringBuilder();
        text.AppendLine("apiVersion: v1");
        text.AppendLine("kind: Config");
        text.AppendLine("clusters:");
        text.AppendLine($"- name: {Name}");
        text.AppendLine("  cluster:");
        text.AppendLine($"    server: {Quote(server.GetLeftPart(UriPartial.Authority))}");
        if (authorityPem is not null)
        {
            text.AppendLine($"    certificate-authority-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(authorityPem))}");
        }

        text.AppendLine("users:");
        text.AppendLine($"- name: {Name}");
        text.AppendLine(token is null ? "  user: {}" : $"  user:\n    token: {Quote(token)}");
        text.AppendLine("contexts:");
        text.AppendLine($"- name: {Name}");
        text.AppendLine("  context:");
        text.AppendLine($"    cluster: {Name}");
        text.AppendLine($"    user: {Name}");
        text.AppendLine($"current-context: {Name}");
        return text.ToString().ReplaceLineEndings("\n");
    }

    private static string Quote(string value) => JsonSerializer.Serialize(value);
}
