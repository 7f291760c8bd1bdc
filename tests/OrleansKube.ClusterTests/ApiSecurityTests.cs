using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OrleansKube.Cli;

namespace OrleansKube.ClusterTests;

/// <summary>Tokens on the Kubernetes API (plain HTTP on loopback): who gets 401, who 403, who through, and the kubeconfig.</summary>
public sealed class ApiSecurityTests(TokenApiFixture api) : IClassFixture<TokenApiFixture>
{
    private const string PodJson = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}""";

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, string? token, string? body = null)
    {
        using var http = new HttpClient { BaseAddress = api.Address };
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public sealed record Unauthorized(string Name, string Path, string? Header)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Unauthorized> UnauthorizedCases =>
    [
        new Unauthorized("a list without a token", "/api/v1/namespaces/default/pods", null),
        new Unauthorized("discovery without a token", "/api", null),
        new Unauthorized("a list with an unknown token", "/api/v1/namespaces/default/pods", "Bearer nobody-knows-it"),
        new Unauthorized("the version with an unknown token", "/version", "Bearer nobody-knows-it"),
        new Unauthorized("a list with an empty bearer token", "/api/v1/pods", "Bearer "),
        new Unauthorized("a list with basic credentials (no token)", "/api/v1/pods", "Basic YWRtaW46YWRtaW4="),
    ];

    [Theory]
    [MemberData(nameof(UnauthorizedCases))]
    public async Task Request_MissingOrUnknownToken_Is401WithUpstreamsStatus(Unauthorized @case)
    {
        using var http = new HttpClient { BaseAddress = api.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, @case.Path);
        if (@case.Header is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", @case.Header);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""",
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Version_WithoutToken_IsPublicInfo()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "/version", token: null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"minor\":\"32\"", body);
    }

    public sealed record Refused(string Name, string Method, string Path, string Message, string Details)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Refused> RefusedCases =>
    [
        new Refused("a pod's create", "POST", "/api/v1/namespaces/default/pods",
            "pods is forbidden: User \\\"alice\\\" cannot create resource \\\"pods\\\" in API group \\\"\\\" in the namespace \\\"default\\\"",
            """{"kind":"pods"}"""),
        new Refused("a binding (subresource)", "POST", "/api/v1/namespaces/default/pods/web/binding/",
            "pods \\\"web\\\" is forbidden: User \\\"alice\\\" cannot create resource \\\"pods/binding\\\" in API group \\\"\\\" in the namespace \\\"default\\\"",
            """{"name":"web","kind":"pods"}"""),
        new Refused("a deployment's delete (named group)", "DELETE", "/apis/apps/v1/namespaces/demo/deployments/api",
            "deployments.apps \\\"api\\\" is forbidden: User \\\"alice\\\" cannot delete resource \\\"deployments\\\" in API group \\\"apps\\\" in the namespace \\\"demo\\\"",
            """{"name":"api","group":"apps","kind":"deployments"}"""),
        new Refused("a node's patch (cluster scope)", "PATCH", "/api/v1/nodes/small-1",
            "nodes \\\"small-1\\\" is forbidden: User \\\"alice\\\" cannot patch resource \\\"nodes\\\" in API group \\\"\\\" at the cluster scope",
            """{"name":"small-1","kind":"nodes"}"""),
        new Refused("a status update", "PUT", "/apis/apps/v1/namespaces/default/deployments/web/status",
            "deployments.apps \\\"web\\\" is forbidden: User \\\"alice\\\" cannot update resource \\\"deployments/status\\\" in API group \\\"apps\\\" in the namespace \\\"default\\\"",
            """{"name":"web","group":"apps","kind":"deployments"}"""),
        new Refused("a collection's delete", "DELETE", "/api/v1/namespaces/default/configmaps",
            "configmaps is forbidden: User \\\"alice\\\" cannot deletecollection resource \\\"configmaps\\\" in API group \\\"\\\" in the namespace \\\"default\\\"",
            """{"kind":"configmaps"}"""),
        new Refused("an exec (a GET that reaches into a container)", "GET", "/api/v1/namespaces/default/pods/web/exec",
            "pods \\\"web\\\" is forbidden: User \\\"alice\\\" cannot create resource \\\"pods/exec\\\" in API group \\\"\\\" in the namespace \\\"default\\\"",
            """{"name":"web","kind":"pods"}"""),
    ];

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public async Task Write_ReadOnlyToken_Is403WithUpstreamsMessage(Refused @case)
    {
        var (status, body) = await SendAsync(new HttpMethod(@case.Method), @case.Path, ApiFixture.ReaderToken, @case.Method is "GET" or "DELETE" ? null : PodJson);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(
            $$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"{{@case.Message}}","reason":"Forbidden","details":{{@case.Details}},"code":403}""",
            body);
    }

    [Theory]
    [InlineData("/api/v1/namespaces/default/pods", HttpStatusCode.OK)]
    [InlineData("/api/v1/pods?watch=true&timeoutSeconds=1", HttpStatusCode.OK)]
    [InlineData("/apis/apps/v1/namespaces/default/deployments/none", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/namespaces/default/pods/none/log", HttpStatusCode.NotFound)]
    [InlineData("/apis/apps/v1", HttpStatusCode.OK)]
    public async Task Read_ReadOnlyToken_IsServed(string path, HttpStatusCode expected)
    {
        using var http = new HttpClient { BaseAddress = api.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiFixture.ReaderToken);

        // Headers only: a watch's body stays open.
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Version_MastersToken_Is200()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "/version", ApiFixture.MastersToken);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"gitVersion\"", body);
    }

    [Fact]
    public async Task Create_MastersToken_IsCreated()
    {
        var name = api.UniqueName("cm");

        var (status, body) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", ApiFixture.MastersToken, $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"}}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Contains($"\"name\":\"{name}\"", body);
    }

    [Fact]
    public async Task Kubeconfig_TokensOn_IsWrittenForTheOwnerAndPrintedByOkctl()
    {
        var output = new StringWriter();
        var context = new OkctlContext(output, new StringWriter(), new StringReader(""), api.Time, (_, _) => Task.FromResult(api.Client));

        var exit = await Okctl.RunAsync(["kubeconfig"], context);

        Assert.Equal(0, exit);
        var written = await File.ReadAllTextAsync(api.KubeconfigPath, TestContext.Current.CancellationToken);
        Assert.Equal(written, output.ToString());
        Assert.Contains($"    server: \"{api.Address.GetLeftPart(UriPartial.Authority)}\"\n", written);
        Assert.Contains($"    token: \"{ApiFixture.MastersToken}\"\n", written);
        Assert.DoesNotContain("certificate-authority-data", written);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(api.KubeconfigPath));
        }
    }
}
