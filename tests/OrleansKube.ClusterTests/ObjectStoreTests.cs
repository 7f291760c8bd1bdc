using OrleansKube.Control.Store;
using OrleansKube.Grains.Hosting;

namespace OrleansKube.ClusterTests;

public sealed class ObjectStoreTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static ConfigMap Config(string ns, string name, string value, Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = labels },
        Data = new() { ["key"] = value },
    };

    [Fact]
    public async Task GrainReferences_AreTheSameGrainsAsGetGrain_ForStringAndIntegerKeys()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "refs");
        await cluster.Api.ApplyAsync([Config(ns, "c", "1")], ApplyMode.Create);
        var key = ObjectKey.For(Kinds.ConfigMap, ns, "c").ToString();

        var cached = cluster.Client.Get<IObjectGrain>(key);

        Assert.Equal(cluster.Client.GetGrain<IObjectGrain>(key).GetGrainId(), cached.GetGrainId());
        Assert.Equal((await cluster.Api.GetAsync("configmaps", ns, "c"))!.Metadata.ResourceVersion, (await cached.GetAsync())!.Metadata.ResourceVersion);
        Assert.Equal(cluster.Client.GetGrain<IApiGrain>(0).GetGrainId(), cluster.Client.Get<IApiGrain>(0).GetGrainId());
    }

    [Fact]
    public async Task Create_NewObject_StampsUidVersionGenerationAndCreationTime()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "stamps");
        await cluster.Api.ApplyAsync([Config(ns, "c", "1")], ApplyMode.Create);

        var stored = await cluster.Api.GetAsync("configmaps", ns, "c");

        Assert.False(string.IsNullOrEmpty(stored!.Metadata.Uid));
        Assert.True(long.Parse(stored.Metadata.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture) > 0); // the kind's resourceVersion, an integer
        Assert.Equal(1, stored.Metadata.Generation);
        Assert.Equal(cluster.Time.GetUtcNow().Date, stored.Metadata.CreationTimestamp!.Value.Date);
    }

    [Fact]
    public async Task Create_ExistingObject_FailsWithAlreadyExists()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "dup");
        await cluster.Api.ApplyAsync([Config(ns, "c", "1")], ApplyMode.Create);

        var error = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.ApplyAsync([Config(ns, "c", "2")], ApplyMode.Create));

        Assert.Equal(ApiErrorReason.AlreadyExists, error.Reason);
        Assert.Equal("configmaps \"c\" already exists", error.Message);
    }

    [Fact]
    public async Task Update_StaleResourceVersion_FailsWithConflict()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "conflict");
        await cluster.Api.ApplyAsync([Config(ns, "c", "1")], ApplyMode.Create);
        var first = (ConfigMap)(await cluster.Api.GetAsync("ConfigMap", ns, "c"))!;
        await cluster.Api.UpdateAsync(first with { Data = new() { ["key"] = "2" } });

        var error = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.UpdateAsync(first with { Data = new() { ["key"] = "3" } }));

        Assert.Equal(ApiErrorReason.Conflict, error.Reason);
        Assert.Contains("the object has been modified", error.Message);
        Assert.Equal("2", ((ConfigMap)(await cluster.Api.GetAsync("ConfigMap", ns, "c"))!).Data!["key"]);
    }

    [Fact]
    public async Task Apply_SpecChange_BumpsGenerationAndVersion_LabelChangeOnlyTheVersion()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "generation");
        await cluster.Api.ApplyAsync([Config(ns, "c", "1")], ApplyMode.Apply);
        var created = await cluster.Api.GetAsync("ConfigMap", ns, "c");

        var relabelled = await cluster.Api.ApplyAsync([Config(ns, "c", "1", new() { ["tier"] = "db" })], ApplyMode.Apply);
        var afterLabel = await cluster.Api.GetAsync("ConfigMap", ns, "c");
        var changed = await cluster.Api.ApplyAsync([Config(ns, "c", "2", new() { ["tier"] = "db" })], ApplyMode.Apply);
        var afterData = await cluster.Api.GetAsync("ConfigMap", ns, "c");
        var unchanged = await cluster.Api.ApplyAsync([Config(ns, "c", "2", new() { ["tier"] = "db" })], ApplyMode.Apply);

        var afterUnchanged = await cluster.Api.GetAsync("ConfigMap", ns, "c");

        static long Rv(KubeObject? o) => long.Parse(o!.Metadata.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Rv(created) < Rv(afterLabel) && Rv(afterLabel) < Rv(afterData), "every write a higher resourceVersion");
        Assert.Equal((1L, 2L), (afterLabel!.Metadata.Generation, afterData!.Metadata.Generation));
        Assert.Equal(afterData.Metadata.ResourceVersion, afterUnchanged!.Metadata.ResourceVersion);
        Assert.Equal(["configured", "configured", "unchanged"], new[] { relabelled[0].Verb, changed[0].Verb, unchanged[0].Verb });
    }

    [Fact]
    public async Task Apply_BatchWithOneBadObject_StoresNothing()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "atomic");
        var good = Config(ns, "good", "1");
        var elsewhere = Config("no-such-namespace", "orphan", "1");

        var error = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.ApplyAsync([good, elsewhere], ApplyMode.Apply));

        Assert.Equal(ApiErrorReason.NotFound, error.Reason);
        Assert.Contains("namespaces \"no-such-namespace\" not found", error.Message);
        Assert.Null(await cluster.Api.GetAsync("ConfigMap", ns, "good"));
    }

    [Fact]
    public async Task Apply_InvalidObject_IsRefusedByTheServerToo()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "invalid");
        var pod = Helpers.Pod(ns, "p");
        pod.Spec.Containers[0].Image = null;

        var error = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.ApplyAsync([pod], ApplyMode.Apply));

        Assert.Equal(ApiErrorReason.Invalid, error.Reason);
        Assert.Equal("Pod \"p\" is invalid: spec.containers[0].image: Required value", error.Message);
    }

    [Fact]
    public async Task List_LabelAndFieldSelectors_FilterThroughTheIndex()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "list");
        await cluster.Api.ApplyAsync(
        [
            Helpers.Pod(ns, "a", nodeName: "small-1", labels: new() { ["app"] = "web", ["tier"] = "fe" }),
            Helpers.Pod(ns, "b", nodeName: "small-2", labels: new() { ["app"] = "web", ["tier"] = "db" }),
            Helpers.Pod(ns, "c", nodeName: "small-1", labels: new() { ["app"] = "batch" }),
        ], ApplyMode.Apply);

        var web = await cluster.Api.ListAsync(new ListQuery("pods", ns, "app=web,tier!=db"));
        var onNode = await cluster.Api.ListAsync(new ListQuery("pods", ns, FieldSelector: "spec.nodeName=small-1"));
        var both = await cluster.Api.ListAsync(new ListQuery("pods", ns, "app in (web,batch)", "spec.nodeName=small-1,metadata.name!=a"));
        var everywhere = await cluster.Api.ListAsync(new ListQuery("pods", null, "app=web"));

        Assert.Equal(["a"], web.Select(p => p.Metadata.Name));
        Assert.Equal(["a", "c"], onNode.Select(p => p.Metadata.Name));
        Assert.Equal(["c"], both.Select(p => p.Metadata.Name));
        Assert.Contains(everywhere, p => p.Metadata.Namespace == ns && p.Metadata.Name == "b");
    }

    [Fact]
    public async Task List_UnsupportedFieldSelector_IsABadRequest()
    {
        var error = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.ListAsync(new ListQuery("pods", "default", FieldSelector: "spec.containers=x")));

        Assert.Equal(ApiErrorReason.BadRequest, error.Reason);
        Assert.Equal("field label not supported: spec.containers", error.Message);
    }

    [Fact]
    public async Task Cluster_AtStart_HasSystemNamespacesAndProfileNodesReady()
    {
        var namespaces = (await cluster.Api.ListAsync(new ListQuery("namespaces", null))).Select(n => n.Metadata.Name).ToList();
        var nodes = (await cluster.Api.ListAsync(new ListQuery("nodes", null))).Cast<Node>().Where(n => n.Metadata.Name!.StartsWith("small-", StringComparison.Ordinal)).ToList();

        Assert.Contains("default", namespaces);
        Assert.Contains("kube-system", namespaces);
        Assert.Equal(["small-1", "small-2", "small-3"], nodes.Select(n => n.Metadata.Name));
        Assert.All(nodes, n => Assert.Contains(n.Status!.Conditions!, c => c.Type == "Ready" && c.Status == ConditionStatus.True));
        Assert.Equal(["zone-a", "zone-b", "zone-c"], nodes.Select(n => n.Metadata.Labels!["topology.kubernetes.io/zone"]));
    }

    [Fact]
    public async Task Delete_ProtectedNamespace_IsForbidden()
    {
        var error = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.DeleteAsync("namespaces", null, "kube-system"));

        Assert.Equal(ApiErrorReason.Forbidden, error.Reason);
    }
}
