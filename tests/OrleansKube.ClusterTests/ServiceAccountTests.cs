using OrleansKube.Control.Store;

namespace OrleansKube.ClusterTests;

/// <summary>ServiceAccounts as a cluster user meets them: a default one in every namespace, pods run as one that exists.</summary>
public sealed class ServiceAccountTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task NewNamespace_HasItsDefaultAccount_AndPodsNamingAMissingOneAreRefused_UntilItExists()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "accounts");
        Assert.NotNull(await cluster.Api.GetAsync("ServiceAccount", ns, "default"));

        // A pod naming none runs as default.
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "plain")], ApplyMode.Create);
        Assert.Equal("default", (await Helpers.GetPodAsync(cluster, ns, "plain")).Spec.ServiceAccountName);

        var pod = Helpers.Pod(ns, "builder-pod");
        pod.Spec.ServiceAccountName = "builder";
        var refused = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.ApplyAsync([pod], ApplyMode.Create));
        Assert.Equal(ApiErrorReason.Forbidden, refused.Reason);
        Assert.Equal($"pods \"builder-pod\" is forbidden: error looking up service account {ns}/builder: serviceaccount \"builder\" not found", refused.Message);
        Assert.Null(await cluster.Api.GetAsync("Pod", ns, "builder-pod"));

        // In one batch with its account (kubectl apply -f of both), or after it: accepted.
        await cluster.Api.ApplyAsync([new ServiceAccount { Metadata = new ObjectMeta { Name = "builder", Namespace = ns } }, pod], ApplyMode.Create);
        Assert.Equal("builder", (await Helpers.GetPodAsync(cluster, ns, "builder-pod")).Spec.ServiceAccountName);

        var get = await Helpers.OkctlAsync(cluster, "get", "serviceaccounts", "-n", ns);
        Assert.Matches(@"^NAME\s+SECRETS\s+AGE\n", get.Out);
        Assert.Matches(new System.Text.RegularExpressions.Regex(@"^builder\s+0\s+\S+$", System.Text.RegularExpressions.RegexOptions.Multiline), get.Out);
        Assert.Matches(new System.Text.RegularExpressions.Regex(@"^default\s+0\s+\S+$", System.Text.RegularExpressions.RegexOptions.Multiline), get.Out);
    }
}
