namespace OrleansKube.ClusterTests;

/// <summary>
/// Hostile bodies through the REST API (any client may send them): a self-containing YAML alias, a "billion laughs"
/// document, nesting past the readers' depth, malformed YAML and JSON. Each gets a 4xx Status that says what is wrong,
/// nothing is stored, and the silo goes on serving.
/// </summary>
public sealed class ApiUntrustedInputTests(ApiClusterFixture cluster) : IClassFixture<ApiClusterFixture>
{
    private const string Apply = "application/apply-patch+yaml";

    public sealed record HostileCase(string Name, string Body, string ContentType, int Code, string Reason, string MessagePart)
    {
        public override string ToString() => Name;
    }

    private static string Laughs()
    {
        var yaml = new System.Text.StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hostile\nlol0: &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"lol{i}: &l{i} [*l{i - 1},*l{i - 1},*l{i - 1},*l{i - 1},*l{i - 1},*l{i - 1},*l{i - 1},*l{i - 1},*l{i - 1}]\n");
        }

        return yaml.ToString();
    }

    public static TheoryData<HostileCase> Cases() =>
    [
        new HostileCase("a self-containing alias", "apiVersion: v1\nkind: ConfigMap\nmetadata: &a\n  name: hostile\n  labels: *a\n", Apply, 400, "BadRequest", "contains itself"),
        new HostileCase("exponential aliases", Laughs(), Apply, 400, "BadRequest", "excessive aliasing"),
        new HostileCase("YAML nested past the limit", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hostile\ndata: " + new string('[', 10_000) + new string(']', 10_000) + "\n", Apply, 400, "BadRequest", "max depth"),
        new HostileCase("JSON nested past the limit", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"hostile\"},\"data\":" + string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000) + "}", "application/json", 400, "BadRequest", "depth"),
        new HostileCase("unterminated YAML flow", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: hostile\n", Apply, 400, "BadRequest", "line"),
        new HostileCase("malformed JSON", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"hostile\"", "application/json", 400, "BadRequest", ""),
        new HostileCase("metadata of the wrong shape", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":[\"hostile\"]}", "application/json", 400, "BadRequest", "metadata"),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileBody_GetsAStatusSayingWhatIsWrong_StoresNothing_AndTheSiloServesOn(HostileCase hostile)
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "hostile");
        var (method, path) = hostile.ContentType == Apply
            ? (HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/hostile?fieldManager=kubectl")
            : (HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps");

        var (code, _, status) = await cluster.SendAsync(method, path, hostile.Body, hostile.ContentType);
        var (after, _, _) = await cluster.GetAsync($"/api/v1/namespaces/{ns}/configmaps/hostile");
        var (served, _, _) = await cluster.GetAsync("/api/v1/namespaces");

        Assert.Equal((hostile.Code, hostile.Reason), (code, status?["reason"]?.GetValue<string>()));
        var message = status!["message"]!.GetValue<string>();
        Assert.Contains(hostile.MessagePart, message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
        Assert.Equal((404, 200), (after, served));
    }
}
