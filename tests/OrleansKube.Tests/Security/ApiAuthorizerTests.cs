using OrleansKube.Api.Security;

namespace OrleansKube.Tests.Security;

public class ApiAuthorizerTests
{
    private static readonly ApiUser Alice = new("alice", "2", []);
    private static readonly ApiUser Admin = new("admin", "1", ["devs", ApiUser.MastersGroup]);

    public sealed record Case(string Name, string Method, string Path, string? Watch, RequestAttributes Expected)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Attributes =>
    [
        new Case("a namespaced list", "GET", "/api/v1/namespaces/default/pods", null, new(true, "list", "/api/v1/namespaces/default/pods", "", "v1", "default", "pods")),
        new Case("a watch by query", "GET", "/api/v1/pods", "true", new(true, "watch", "/api/v1/pods", "", "v1", "", "pods")),
        new Case("a watch by the legacy prefix", "GET", "/api/v1/watch/namespaces/default/pods/web", null, new(true, "watch", "/api/v1/watch/namespaces/default/pods/web", "", "v1", "default", "pods", "", "web")),
        new Case("a named group's get", "GET", "/apis/apps/v1/namespaces/demo/deployments/api", null, new(true, "get", "/apis/apps/v1/namespaces/demo/deployments/api", "apps", "v1", "demo", "deployments", "", "api")),
        new Case("a subresource with a trailing slash", "POST", "/api/v1/namespaces/default/pods/web/binding/", null, new(true, "create", "/api/v1/namespaces/default/pods/web/binding/", "", "v1", "default", "pods", "binding", "web")),
        new Case("a namespace is in itself", "DELETE", "/api/v1/namespaces/demo", null, new(true, "delete", "/api/v1/namespaces/demo", "", "v1", "demo", "namespaces", "", "demo")),
        new Case("a namespace's status", "PUT", "/api/v1/namespaces/demo/status", null, new(true, "update", "/api/v1/namespaces/demo/status", "", "v1", "demo", "namespaces", "status", "demo")),
        new Case("a collection's delete", "DELETE", "/api/v1/namespaces/default/pods", null, new(true, "deletecollection", "/api/v1/namespaces/default/pods", "", "v1", "default", "pods")),
        new Case("a cluster-scoped patch", "PATCH", "/api/v1/nodes/n1", null, new(true, "patch", "/api/v1/nodes/n1", "", "v1", "", "nodes", "", "n1")),
        new Case("discovery of a group version", "GET", "/apis/apps/v1", null, new(false, "get", "/apis/apps/v1")),
        new Case("the core group's discovery", "GET", "/api/v1", null, new(false, "get", "/api/v1")),
        new Case("the version", "GET", "/version", null, new(false, "get", "/version")),
    ];

    [Theory]
    [MemberData(nameof(Attributes))]
    public void From_Request_ReadsUpstreamsRequestInfo(Case @case)
    {
        Assert.Equal(@case.Expected, RequestAttributes.From(@case.Method, @case.Path, @case.Watch));
    }

    [Theory]
    [InlineData("GET", "/api/v1/namespaces/default/pods", null)]
    [InlineData("GET", "/api/v1/pods", "1")]
    [InlineData("GET", "/api/v1/namespaces/default/secrets/s")]
    [InlineData("GET", "/api/v1/namespaces/default/pods/web/log")]
    [InlineData("GET", "/openapi/v3/apis/apps/v1")]
    [InlineData("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")]
    [InlineData("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews")]
    public void Authorize_ReadOnlyUserReading_IsAllowed(string method, string path, string? watch = null)
    {
        Assert.Null(ApiAuthorizer.Authorize(Alice, RequestAttributes.From(method, path, watch)));
    }

    [Theory]
    [InlineData("POST", "/api/v1/namespaces/default/pods", "pods is forbidden: User \"alice\" cannot create resource \"pods\" in API group \"\" in the namespace \"default\"")]
    [InlineData("POST", "/api/v1/namespaces/default/pods/web/eviction", "pods \"web\" is forbidden: User \"alice\" cannot create resource \"pods/eviction\" in API group \"\" in the namespace \"default\"")]
    [InlineData("PUT", "/apis/scheduling.k8s.io/v1/priorityclasses/high", "priorityclasses.scheduling.k8s.io \"high\" is forbidden: User \"alice\" cannot update resource \"priorityclasses\" in API group \"scheduling.k8s.io\" at the cluster scope")]
    [InlineData("GET", "/api/v1/namespaces/default/pods/web/attach", "pods \"web\" is forbidden: User \"alice\" cannot create resource \"pods/attach\" in API group \"\" in the namespace \"default\"")]
    [InlineData("POST", "/logs", "forbidden: User \"alice\" cannot post path \"/logs\"")]
    public void Authorize_ReadOnlyUserWriting_IsForbiddenWithUpstreamsMessage(string method, string path, string message)
    {
        var refusal = ApiAuthorizer.Authorize(Alice, RequestAttributes.From(method, path, null));

        Assert.NotNull(refusal);
        Assert.Equal((403, "Forbidden", message), (refusal.Code, refusal.Reason, refusal.Message));
    }

    [Theory]
    [InlineData("POST", "/api/v1/namespaces/default/pods")]
    [InlineData("DELETE", "/api/v1/namespaces/default")]
    [InlineData("GET", "/api/v1/namespaces/default/pods/web/exec")]
    [InlineData("POST", "/logs")]
    public void Authorize_Masters_MayDoEverything(string method, string path)
    {
        Assert.Null(ApiAuthorizer.Authorize(Admin, RequestAttributes.From(method, path, null)));
    }

    [Theory]
    [InlineData("", "/version", "anonymous")]
    [InlineData("", "/healthz/", "anonymous")]
    [InlineData("", "/api/v1/pods", null)]
    [InlineData("", "/api", null)]
    [InlineData("Basic YTpi", "/api/v1/pods", null)]
    [InlineData("Bearer t1", "/api/v1/pods", "alice")]
    [InlineData("bearer t1 extra", "/api/v1/pods", "alice")]
    [InlineData("Bearer nope", "/version", null)]
    [InlineData("Bearer ", "/version", null)]
    public void Authenticate_Header_FindsTheUserOrNobody(string header, string path, string? user)
    {
        var authentication = new TokenAuthentication(TokenFile.Parse("t1,alice,2\n", "tokens.csv"));

        var found = authentication.Authenticate(header, path);

        Assert.Equal(user, found is null ? null : found == ApiUser.Anonymous ? "anonymous" : found.Name);
    }
}
