using System.Text.Json.Nodes;
using OrleansKube.Manifests.Reading;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Tests.Manifests;

/// <summary>
/// Upstream's full example objects (every field of the 1.32 API reference set, written in the form the API server
/// stores: defaults already filled in) are read strictly and serialized back unchanged: fields the simulation has no
/// use for are kept as written. The pod and workload half has its own sweep.
/// </summary>
public class UpstreamObjectsTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Manifests", "upstream-objects");

    public static TheoryData<UpstreamObject> Objects { get; } =
    [
        new UpstreamObject("Service", "service.yaml"),
        new UpstreamObject("Node", "node.yaml"),
        new UpstreamObject("Namespace", "namespace.yaml"),
        new UpstreamObject("ConfigMap", "configmap.yaml"),
        new UpstreamObject("Secret", "secret.yaml"),
        new UpstreamObject("core/v1 Event", "event.yaml"),
        new UpstreamObject("Endpoints", "endpoints.yaml"),
        new UpstreamObject("PersistentVolume (every source)", "persistentvolume.yaml"),
        new UpstreamObject("PersistentVolumeClaim", "persistentvolumeclaim.yaml"),
        new UpstreamObject("ServiceAccount", "serviceaccount.yaml"),
        new UpstreamObject("LimitRange", "limitrange.yaml"),
        new UpstreamObject("ResourceQuota", "resourcequota.yaml"),
        new UpstreamObject("ReplicationController", "replicationcontroller.yaml", "spec.template"),
        new UpstreamObject("PodDisruptionBudget", "poddisruptionbudget.yaml"),
        new UpstreamObject("Ingress", "ingress.yaml"),
        new UpstreamObject("IngressClass", "ingressclass.yaml"),
        new UpstreamObject("NetworkPolicy", "networkpolicy.yaml"),
        new UpstreamObject("HorizontalPodAutoscaler", "horizontalpodautoscaler.yaml"),
        new UpstreamObject("Lease", "lease.yaml"),
        new UpstreamObject("PriorityClass", "priorityclass.yaml"),
        new UpstreamObject("StorageClass", "storageclass.yaml"),
        new UpstreamObject("EndpointSlice", "endpointslice.yaml"),
        new UpstreamObject("Role, ClusterRole and their bindings", "rbac.yaml"),
    ];

    [Theory]
    [MemberData(nameof(Objects))]
    public void ReadAndSerialized_EveryFieldComesBackAsWritten(UpstreamObject example)
    {
        var text = File.ReadAllText(Path.Combine(Folder, example.File));
        var written = YamlTree.Documents(text);

        var read = ManifestReader.ReadText(text, example.File);

        Assert.Equal(written.Count, read.Count);
        var differences = new List<string>();
        for (var i = 0; i < read.Count; i++)
        {
            var returned = JsonNode.Parse(KubeJson.Serialize(read[i].Object));
            JsonTreeDiff.Collect(written[i], returned, $"[{i}]", example.DefaultedUnder, differences);
        }

        Assert.Empty(differences);
    }

    public static TheoryData<MisspelledField> Misspellings { get; } =
    [
        new MisspelledField("a Service's loadBalancerIp (upstream spells it loadBalancerIP)", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80}]\n  loadBalancerIp: 1.2.3.4\n", "spec.loadBalancerIp"),
        new MisspelledField("a Lease's preferedHolder", "apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata: {name: l}\nspec: {preferedHolder: a}\n", "spec.preferedHolder"),
        new MisspelledField("a Node's runtimeHandler in the singular", "apiVersion: v1\nkind: Node\nmetadata: {name: n}\nstatus:\n  runtimeHandler: [{name: runc}]\n", "status.runtimeHandler"),
        new MisspelledField("a daemon endpoint's port in lower case", "apiVersion: v1\nkind: Node\nmetadata: {name: n}\nstatus:\n  daemonEndpoints:\n    kubeletEndpoint: {port: 10250}\n", "status.daemonEndpoints.kubeletEndpoint.port"),
        new MisspelledField("an Event's series with a lastObserved time", "apiVersion: v1\nkind: Event\nmetadata: {name: e}\ninvolvedObject: {kind: Pod, name: p}\nseries: {count: 2, lastObserved: \"2024-05-01T10:00:00.000000Z\"}\n", "series.lastObserved"),
        new MisspelledField("a PersistentVolume source upstream does not have", "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: v}\nspec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  s3: {bucket: b}\n", "spec.s3"),
    ];

    [Theory]
    [MemberData(nameof(Misspellings))]
    public void AFieldUpstreamDoesNotHave_IsRefusedByItsPath(MisspelledField field)
    {
        var error = Assert.Throws<ManifestException>(() => ManifestReader.ReadText(field.Manifest, "object.yaml"));

        Assert.Contains($"unknown field \"{field.Path}\"", error.Message);
    }

    /// <summary>One example file; <paramref name="DefaultedUnder"/> is a path below which defaulting may add fields (another area's defaults).</summary>
    public sealed record UpstreamObject(string Kind, string File, string? DefaultedUnder = null)
    {
        public override string ToString() => $"every field of a {Kind} comes back as written ({File})";
    }

    public sealed record MisspelledField(string Name, string Manifest, string Path)
    {
        public override string ToString() => $"{Name} is refused";
    }
}
