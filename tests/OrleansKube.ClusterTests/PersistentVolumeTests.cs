using OrleansKube.Manifests.Profiles;
using OrleansKube.Model.Apps;
using OrleansKube.Model.Resources;

namespace OrleansKube.ClusterTests;

/// <summary>Three nodes in three zones: provisioned volumes follow their pods' zones.</summary>
public sealed class PersistentVolumeFixture : ClusterFixture
{
    protected override ClusterProfile ClusterProfile { get; } = new()
    {
        Name = "volumes",
        Pools =
        [
            new NodePool
            {
                Name = "worker", Count = 3, Zones = ["zone-a", "zone-b", "zone-c"], Images = Helpers.PrePulledImages,
                Capacity = new() { ["cpu"] = Quantity.Parse("4"), ["memory"] = Quantity.Parse("8Gi"), ["pods"] = Quantity.Parse("20") },
            },
        ],
    };
}

public sealed class PersistentVolumeTests(PersistentVolumeFixture cluster) : IClassFixture<PersistentVolumeFixture>
{
    private static StatefulSet StatefulSet(string ns, string name, int replicas) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new StatefulSetSpec
        {
            Replicas = replicas,
            ServiceName = name,
            PodManagementPolicy = PodManagementPolicyType.Parallel,
            Selector = new LabelSelector { MatchLabels = new() { ["app"] = name } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new() { ["app"] = name } },
                Spec = new PodSpec
                {
                    TerminationGracePeriodSeconds = 0,
                    Containers = [new Container { Name = "db", Image = "nginx:1.27", VolumeMounts = [new VolumeMount { Name = "data", MountPath = "/data" }] }],
                },
            },
            VolumeClaimTemplates =
            [
                new PersistentVolumeClaim
                {
                    Metadata = new ObjectMeta { Name = "data" },
                    Spec = new PersistentVolumeClaimSpec { AccessModes = [PersistentVolumeAccessMode.ReadWriteOnce], Resources = new VolumeResourceRequirements { Requests = new() { ["storage"] = Quantity.Parse("2Gi") } } },
                },
            ],
        },
    };

    private async Task<PersistentVolume?> GetVolumeAsync(string name) => await cluster.Api.GetAsync("PersistentVolume", null, name) as PersistentVolume;

    private async Task<PersistentVolumeClaim> GetClaimAsync(string ns, string name) => (PersistentVolumeClaim)(await cluster.Api.GetAsync("PersistentVolumeClaim", ns, name))!;

    [Fact]
    public async Task StatefulSet_ClaimsOfTheDefaultClass_AreProvisionedInTheirPodsZones_AndDeletedWithTheClaims()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "sts-volumes");
        await cluster.Api.ApplyAsync([StatefulSet(ns, "db", 3)], ApplyMode.Apply);

        await cluster.AdvanceUntilAsync(
            async () => await cluster.Api.GetAsync("StatefulSet", ns, "db") is StatefulSet { Status.ReadyReplicas: 3 },
            "3 replicas are ready");

        var pods = await WorkloadTests.ListAsync<Pod>(cluster, ns);
        Assert.All(pods, p => Assert.Equal(PodPhase.Running, p.Status?.Phase));
        var nodes = (await cluster.Api.ListAsync(new ListQuery("Node", null))).Cast<Node>().ToDictionary(n => n.Metadata.Name!);
        var volumeNames = new List<string>();
        foreach (var pod in pods)
        {
            var claim = await GetClaimAsync(ns, $"data-{pod.Metadata.Name}");
            Assert.Equal((PersistentVolumeClaimPhase.Bound, "standard", pod.Spec.NodeName), (claim.Status?.Phase, claim.Spec?.StorageClassName, claim.Metadata.Annotations?["volume.kubernetes.io/selected-node"]));
            Assert.Equal("2Gi", claim.Status?.Capacity?["storage"].ToString());
            var volume = await GetVolumeAsync(claim.Spec!.VolumeName!);
            Assert.NotNull(volume);
            Assert.Equal($"pvc-{claim.Metadata.Uid}", volume.Metadata.Name);
            Assert.Equal((PersistentVolumePhase.Bound, PersistentVolumeReclaimPolicy.Delete, "orleanskube.io/simulated"),
                (volume.Status?.Phase, volume.Spec?.PersistentVolumeReclaimPolicy, volume.Metadata.Annotations?["pv.kubernetes.io/provisioned-by"]));
            var zone = nodes[pod.Spec.NodeName!].Metadata.Labels!["topology.kubernetes.io/zone"];
            var requirement = Assert.Single(Assert.Single(volume.Spec!.NodeAffinity!.Required!.NodeSelectorTerms).MatchExpressions!);
            Assert.Equal(("topology.kubernetes.io/zone", zone), (requirement.Key, Assert.Single(requirement.Values!)));
            volumeNames.Add(volume.Metadata.Name!);
        }

        var events = await Helpers.EventsForAsync(cluster, ns, "data-db-0");
        Assert.Contains(events, e => e.Reason == "ProvisioningSucceeded");

        var pvs = await Helpers.OkctlAsync(cluster, "get", "pv");
        Assert.Matches($@"(?m)^{volumeNames[0]} +2Gi +RWO +Delete +Bound +{ns}/data-db-\d +standard +<unset> +\d+s$", pvs.Out);
        Assert.Matches(@"(?m)^standard \(default\) +orleanskube\.io/simulated +Delete +WaitForFirstConsumer +true +\d+\w$", (await Helpers.OkctlAsync(cluster, "get", "sc")).Out);

        // The set goes, its claims are deleted: their volumes (Delete policy) go with them.
        await cluster.Api.DeleteAsync("statefulsets", ns, "db");
        await cluster.AdvanceUntilAsync(async () => (await WorkloadTests.ListAsync<Pod>(cluster, ns)).Count == 0, "the set's pods are gone");
        foreach (var claim in await WorkloadTests.ListAsync<PersistentVolumeClaim>(cluster, ns))
        {
            await cluster.Api.DeleteAsync("persistentvolumeclaims", ns, claim.Metadata.Name!);
        }

        foreach (var name in volumeNames)
        {
            await cluster.AdvanceUntilAsync(async () => await GetVolumeAsync(name) is null, $"volume {name} is deleted");
        }

        await WorkloadTests.CleanUpAsync(cluster, ns);
    }

    [Fact]
    public async Task PreCreatedVolume_WithRetain_BindsAMatchingClaim_AndIsReleasedWhenTheClaimGoes()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "retain");
        var volumeName = $"manual-{ns}";
        await cluster.Api.ApplyAsync(
            [
                new PersistentVolume
                {
                    ApiVersion = "v1",
                    Kind = "PersistentVolume",
                    Metadata = new ObjectMeta { Name = volumeName, Labels = new() { ["owner"] = ns } },
                    Spec = new PersistentVolumeSpec
                    {
                        Capacity = new() { ["storage"] = Quantity.Parse("10Gi") },
                        AccessModes = [PersistentVolumeAccessMode.ReadWriteOnce],
                        StorageClassName = "",
                        HostPath = new HostPathVolumeSource { Path = "/mnt/data" },
                    },
                },
            ],
            ApplyMode.Apply);
        var created = await GetVolumeAsync(volumeName);
        Assert.Equal((PersistentVolumePhase.Available, PersistentVolumeReclaimPolicy.Retain), (created?.Status?.Phase, created?.Spec?.PersistentVolumeReclaimPolicy));

        await cluster.Api.ApplyAsync(
            [
                new PersistentVolumeClaim
                {
                    ApiVersion = "v1",
                    Kind = "PersistentVolumeClaim",
                    Metadata = new ObjectMeta { Name = "data", Namespace = ns },
                    Spec = new PersistentVolumeClaimSpec
                    {
                        AccessModes = [PersistentVolumeAccessMode.ReadWriteOnce],
                        StorageClassName = "",
                        Selector = new LabelSelector { MatchLabels = new() { ["owner"] = ns } },
                        Resources = new VolumeResourceRequirements { Requests = new() { ["storage"] = Quantity.Parse("5Gi") } },
                    },
                },
            ],
            ApplyMode.Apply);
        await cluster.AdvanceUntilAsync(async () => (await GetClaimAsync(ns, "data")).Status?.Phase == PersistentVolumeClaimPhase.Bound, "the claim is bound");

        var claim = await GetClaimAsync(ns, "data");
        Assert.Equal((volumeName, "10Gi"), (claim.Spec?.VolumeName, claim.Status?.Capacity?["storage"].ToString()));
        var bound = await GetVolumeAsync(volumeName);
        Assert.Equal((PersistentVolumePhase.Bound, "data", ns), (bound?.Status?.Phase, bound?.Spec?.ClaimRef?.Name, bound?.Spec?.ClaimRef?.Namespace));

        await cluster.Api.DeleteAsync("persistentvolumeclaims", ns, "data");
        await cluster.AdvanceUntilAsync(async () => (await GetVolumeAsync(volumeName))?.Status?.Phase == PersistentVolumePhase.Released, "the volume is released");
        Assert.Equal("data", (await GetVolumeAsync(volumeName))?.Spec?.ClaimRef?.Name);

        await cluster.Api.DeleteAsync("persistentvolumes", null, volumeName);
        await WorkloadTests.CleanUpAsync(cluster, ns);
    }
}
