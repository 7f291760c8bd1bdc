using OrleansKube.Control.Store;
using OrleansKube.Model.Apps;
using OrleansKube.Model.Resources;
using OrleansKube.Model.Storage;

namespace OrleansKube.ClusterTests;

/// <summary>ResourceQuota and LimitRange admission as a cluster user meets them (API, controllers, okctl).</summary>
public sealed class ResourceQuotaTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static ResourceQuota PodQuota(string ns, int pods) => new()
    {
        Metadata = new ObjectMeta { Name = "compute", Namespace = ns },
        Spec = new ResourceQuotaSpec { Hard = new() { ["pods"] = Quantity.FromInteger(pods) } },
    };

    [Fact]
    public async Task PodQuota_ThirdPodRefused_WithUpstreamsMessage_UntilOneIsDeleted()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "quota");
        await cluster.Api.ApplyAsync([PodQuota(ns, 2)], ApplyMode.Create);
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "a"), Helpers.Pod(ns, "b")], ApplyMode.Create);

        var refused = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.ApplyAsync([Helpers.Pod(ns, "c")], ApplyMode.Create));
        Assert.Equal(ApiErrorReason.Forbidden, refused.Reason);
        Assert.Equal("pods \"c\" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2", refused.Message);
        Assert.Null(await cluster.Api.GetAsync("Pod", ns, "c"));

        await cluster.AdvanceUntilAsync(
            async () => (await cluster.Api.GetAsync("resourcequotas", ns, "compute")) is ResourceQuota { Status.Used: { } used } && used["pods"] == Quantity.FromInteger(2),
            "the quota's status counts the two pods");
        var get = await Helpers.OkctlAsync(cluster, "get", "quota", "-n", ns);
        Assert.Matches(@"^NAME\s+AGE\s+REQUEST\s+LIMIT\n", get.Out);
        Assert.Matches(new System.Text.RegularExpressions.Regex(@"^compute\s+\S+\s+pods: 2/2\s*$", System.Text.RegularExpressions.RegexOptions.Multiline), get.Out);

        await cluster.Api.DeleteAsync("Pod", ns, "a", gracePeriodSeconds: 0);
        await cluster.AdvanceUntilAsync(async () => await cluster.Api.GetAsync("Pod", ns, "a") is null, "pod a is gone");
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "c")], ApplyMode.Create);
        Assert.NotNull(await cluster.Api.GetAsync("Pod", ns, "c"));
    }

    [Fact]
    public async Task PodQuota_ConcurrentCreatesForTheLastSlot_ExactlyOneIsAdmitted()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "quota-race");
        await cluster.Api.ApplyAsync([PodQuota(ns, 1)], ApplyMode.Create);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await cluster.Api.CreateAsync(Helpers.Pod(ns, $"racer-{i}"));
                return true;
            }
            catch (ApiException e) when (e.Reason == ApiErrorReason.Forbidden)
            {
                return false;
            }
        }));

        Assert.Equal(1, attempts.Count(admitted => admitted));
        Assert.Single(await cluster.Api.ListAsync(new ListQuery("Pod", ns)));
    }

    [Fact]
    public async Task Deployment_UnderAPodQuota_GetsTwoPods_AndFailedCreateEvents_ThenTheThirdWhenASlotFrees()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "quota-deploy");
        await cluster.Api.ApplyAsync([PodQuota(ns, 2)], ApplyMode.Create);
        await cluster.Api.ApplyAsync([WorkloadTests.Deployment(ns, "web", 3)], ApplyMode.Apply);

        await cluster.AdvanceUntilAsync(async () => (await cluster.Api.ListAsync(new ListQuery("ReplicaSet", ns))).Count == 1, "the ReplicaSet exists");
        var rs = (ReplicaSet)(await cluster.Api.ListAsync(new ListQuery("ReplicaSet", ns))).Single();
        var events = await Helpers.SettledEventsAsync(cluster, ns, rs.Metadata.Name!, e => e.Any(x => x.Reason == "FailedCreate"));
        var failed = events.First(e => e.Reason == "FailedCreate");
        Assert.Equal("Warning", failed.Type);
        Assert.Matches($"^Error creating: pods \"{rs.Metadata.Name}-[a-z0-9]+\" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2$", failed.Message);
        Assert.Equal(2, (await cluster.Api.ListAsync(new ListQuery("Pod", ns))).Count);

        // A freed slot: the ReplicaSet's next attempt gets its third pod.
        var victim = (await cluster.Api.ListAsync(new ListQuery("Pod", ns))).First();
        await cluster.Api.DeleteAsync("Pod", ns, victim.Metadata.Name!, gracePeriodSeconds: 0);
        await cluster.AdvanceUntilAsync(
            async () => (await cluster.Api.ListAsync(new ListQuery("Pod", ns))).Count(p => p.Metadata.DeletionTimestamp is null && p.Metadata.Name != victim.Metadata.Name) == 2
                && await cluster.Api.GetAsync("Pod", ns, victim.Metadata.Name!) is null,
            "the ReplicaSet replaced the deleted pod within the quota");
    }

    [Fact]
    public async Task LimitRange_DefaultsAPodsResources_AndRefusesOneOverItsMax()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "limits");
        await cluster.Api.ApplyAsync([new LimitRange
        {
            Metadata = new ObjectMeta { Name = "defaults", Namespace = ns },
            Spec = new LimitRangeSpec
            {
                Limits = [new LimitRangeItem { Type = LimitType.Container, Max = new() { ["cpu"] = Quantity.Parse("1") }, DefaultRequest = new() { ["cpu"] = Quantity.Parse("100m"), ["memory"] = Quantity.Parse("64Mi") }, Default = new() { ["cpu"] = Quantity.Parse("500m"), ["memory"] = Quantity.Parse("128Mi") } }],
            },
        }], ApplyMode.Create);

        var bare = Helpers.Pod(ns, "bare");
        bare.Spec.Containers[0].Resources = null;
        await cluster.Api.ApplyAsync([bare], ApplyMode.Create);
        var stored = await Helpers.GetPodAsync(cluster, ns, "bare");
        var container = stored.Spec.Containers[0];
        Assert.Equal((Quantity.Parse("100m"), Quantity.Parse("500m")), (container.Resources!.Requests!["cpu"], container.Resources.Limits!["cpu"]));
        Assert.Equal($"LimitRanger plugin set: cpu, memory request for container {container.Name}; cpu, memory limit for container {container.Name}", stored.Metadata.Annotations!["kubernetes.io/limit-ranger"]);

        var big = Helpers.Pod(ns, "big", cpu: "2");
        big.Spec.Containers[0].Resources!.Limits = new() { ["cpu"] = Quantity.Parse("2") };
        var refused = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.ApplyAsync([big], ApplyMode.Create));
        Assert.Equal(ApiErrorReason.Forbidden, refused.Reason);
        Assert.Equal("pods \"big\" is forbidden: maximum cpu usage per Container is 1, but limit is 2", refused.Message);

        var get = await Helpers.OkctlAsync(cluster, "get", "limits", "-n", ns);
        Assert.Matches(@"^NAME\s+CREATED AT\ndefaults\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n", get.Out);
    }

    [Fact]
    public async Task Updates_ClaimResizeAndServiceMadeNodePort_AreChargedWhatGrew_AndAnExpandableClaimGrows()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "quota-update");
        string expandable = $"expand-{ns}", rigid = $"rigid-{ns}";
        StorageClass Class(string name, bool? allow) => new()
        {
            Metadata = new ObjectMeta { Name = name },
            Provisioner = Control.Storage.StorageClasses.SimulatedProvisioner,
            VolumeBindingMode = VolumeBindingMode.Immediate,
            AllowVolumeExpansion = allow,
        };
        PersistentVolumeClaim Claim(string name, string className, string size) => new()
        {
            Metadata = new ObjectMeta { Name = name, Namespace = ns },
            Spec = new PersistentVolumeClaimSpec
            {
                AccessModes = [PersistentVolumeAccessMode.ReadWriteOnce],
                StorageClassName = className,
                Resources = new VolumeResourceRequirements { Requests = new() { ["storage"] = Quantity.Parse(size) } },
            },
        };
        async Task<PersistentVolumeClaim> ClaimAsync(string name) => (PersistentVolumeClaim)(await cluster.Api.GetAsync("persistentvolumeclaims", ns, name))!;
        async Task<PersistentVolumeClaim> ResizedAsync(string name, string size)
        {
            var claim = Model.Serialization.KubeJson.Clone(await ClaimAsync(name));
            claim.Spec!.Resources!.Requests!["storage"] = Quantity.Parse(size);
            return claim;
        }

        await cluster.Api.ApplyAsync([Class(expandable, true), Class(rigid, null)], ApplyMode.Apply);
        await cluster.Api.ApplyAsync([new ResourceQuota
        {
            Metadata = new ObjectMeta { Name = "storage", Namespace = ns },
            Spec = new ResourceQuotaSpec { Hard = new() { ["requests.storage"] = Quantity.Parse("3Gi"), ["services.nodeports"] = Quantity.FromInteger(1) } },
        }], ApplyMode.Create);
        await cluster.Api.ApplyAsync([Claim("a", expandable, "1Gi"), Claim("b", rigid, "1Gi")], ApplyMode.Create);
        await cluster.AdvanceUntilAsync(async () => (await ClaimAsync("a")).Status?.Phase == PersistentVolumeClaimPhase.Bound && (await ClaimAsync("b")).Status?.Phase == PersistentVolumeClaimPhase.Bound, "both claims are bound");

        // Growing by 3Gi with 2Gi used of 3Gi: the delta is refused, in upstream's words (REST update and apply alike).
        var overQuota = await Assert.ThrowsAsync<ApiException>(async () => await cluster.Api.UpdateAsync(await ResizedAsync("a", "4Gi")));
        Assert.Equal((ApiErrorReason.Forbidden, "persistentvolumeclaims \"a\" is forbidden: exceeded quota: storage, requested: requests.storage=3Gi, used: requests.storage=2Gi, limited: requests.storage=3Gi"), (overQuota.Reason, overQuota.Message));
        await Assert.ThrowsAsync<ApiException>(async () => await cluster.Api.ApplyAsync([await ResizedAsync("a", "4Gi")], ApplyMode.Apply));

        // A class without allowVolumeExpansion refuses any growth.
        var rigidRefused = await Assert.ThrowsAsync<ApiException>(async () => await cluster.Api.UpdateAsync(await ResizedAsync("b", "2Gi")));
        Assert.Equal("persistentvolumeclaims \"b\" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize", rigidRefused.Message);

        // Within the quota the claim grows: its volume, then its status.
        await cluster.Api.ApplyAsync([await ResizedAsync("a", "2Gi")], ApplyMode.Apply);
        await cluster.AdvanceUntilAsync(async () => (await ClaimAsync("a")).Status?.Capacity?["storage"] == Quantity.Parse("2Gi"), "claim a's capacity is 2Gi");
        var volume = (PersistentVolume)(await cluster.Api.GetAsync("persistentvolumes", null, (await ClaimAsync("a")).Spec!.VolumeName!))!;
        Assert.Equal(Quantity.Parse("2Gi"), volume.Spec!.Capacity!["storage"]);
        Assert.Contains(await Helpers.EventsForAsync(cluster, ns, "a"), e => e.Reason == "VolumeResizeSuccessful");

        // A Service made NodePort is charged its node ports.
        var service = new Service
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = ns },
            Spec = new ServiceSpec { Selector = new() { ["app"] = "web" }, Ports = [new ServicePort { Name = "http", Port = 80 }, new ServicePort { Name = "https", Port = 443 }] },
        };
        await cluster.Api.ApplyAsync([service], ApplyMode.Create);
        var nodePorts = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.ApplyAsync([service with { Spec = service.Spec with { Type = ServiceType.NodePort } }], ApplyMode.Apply));
        Assert.Equal("services \"web\" is forbidden: exceeded quota: storage, requested: services.nodeports=2, used: services.nodeports=0, limited: services.nodeports=1", nodePorts.Message);
        await cluster.Api.ApplyAsync([service with { Spec = service.Spec with { Type = ServiceType.NodePort, Ports = [new ServicePort { Name = "http", Port = 80 }] } }], ApplyMode.Apply);
        Assert.Equal(ServiceType.NodePort, ((Service)(await cluster.Api.GetAsync("services", ns, "web"))!).Spec!.Type);

        await cluster.Api.DeleteAsync("namespaces", null, ns);
        await cluster.Api.DeleteAsync("storageclasses", null, expandable);
        await cluster.Api.DeleteAsync("storageclasses", null, rigid);
    }
}
