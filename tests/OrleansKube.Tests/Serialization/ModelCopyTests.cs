using OrleansKube.Manifests.Reading;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Tests.Serialization;

public class ModelCopyTests
{
    private const string RichPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web-0
          namespace: shop
          labels: {app: web, tier: front}
          annotations: {note: "kept"}
          ownerReferences:
          - {apiVersion: apps/v1, kind: ReplicaSet, name: web-7d9f, uid: 5d7f0a4e-1c2b-4f0e-8f7a-0e9d3c2b1a00, controller: true}
          finalizers: [example.com/hold]
        spec:
          nodeSelector: {disktype: ssd}
          priorityClassName: high
          tolerations:
          - {key: dedicated, operator: Equal, value: web, effect: NoSchedule}
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms:
                - matchExpressions:
                  - {key: topology.kubernetes.io/zone, operator: In, values: [zone-a, zone-b]}
            podAntiAffinity:
              preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 50
                podAffinityTerm:
                  labelSelector: {matchLabels: {app: web}}
                  topologyKey: kubernetes.io/hostname
          topologySpreadConstraints:
          - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: web}}}
          volumes:
          - name: config
            configMap: {name: web-config}
          containers:
          - name: app
            image: nginx:1.27
            ports: [{containerPort: 80, hostPort: 8080}]
            env: [{name: MODE, value: prod}]
            resources:
              requests: {cpu: 250m, memory: 64Mi}
              limits: {cpu: "1", memory: 128Mi}
            volumeMounts: [{name: config, mountPath: /etc/web}]
            readinessProbe:
              httpGet: {path: /healthz, port: 80}
              periodSeconds: 5
        """;

    private static Pod Parse() => (Pod)ManifestReader.ReadText(RichPod, "rich-pod.yaml").Single().Object;

    [Fact]
    public void Deep_OfEveryKind_SerializesAsTheOriginal()
    {
        foreach (var kind in Kinds.All)
        {
            var empty = (KubeObject)Activator.CreateInstance(kind.ClrType)!;

            Assert.Equal(KubeJson.Serialize(empty), KubeJson.Serialize(ModelCopy.Deep(empty)));
        }

        var pod = Parse();
        Assert.Equal(KubeJson.Serialize(pod), KubeJson.Serialize(ModelCopy.Deep(pod)));
        Assert.Equal(KubeJson.Serialize(new Pod { Spec = KubeJson.Copy(pod.Spec) }), KubeJson.Serialize(new Pod { Spec = ModelCopy.Deep(pod.Spec) }));
    }

    [Fact]
    public void Deep_ChangingTheCopy_LeavesTheOriginal_WhileStringsAreShared()
    {
        var pod = Parse();
        var before = KubeJson.Serialize(pod);

        var copy = ModelCopy.Deep(pod);
        copy.Metadata.Labels!["app"] = "changed";
        copy.Metadata.OwnerReferences![0].Name = "other";
        copy.Metadata.Finalizers!.Clear();
        copy.Spec.Containers[0].Resources!.Requests!["cpu"] = Quantity.Parse("2");
        copy.Spec.Containers[0].Ports![0].HostPort = 9090;
        copy.Spec.Tolerations!.Add(new Toleration { Key = "more" });
        copy.Spec.Affinity!.NodeAffinity!.RequiredDuringSchedulingIgnoredDuringExecution!.NodeSelectorTerms[0].MatchExpressions![0].Values!.Add("zone-c");
        copy.Spec.NodeSelector!.Remove("disktype");

        Assert.Equal(before, KubeJson.Serialize(pod));
        Assert.NotSame(pod.Spec.Containers, copy.Spec.Containers);
        Assert.Same(pod.Spec.Containers[0].Image, copy.Spec.Containers[0].Image);
    }

    [Fact]
    public void Deep_KnowsEveryModelType_AndEveryCollectionTheModelHolds()
    {
        var types = typeof(KubeObject).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false, IsPublic: true } && t.GetConstructor(Type.EmptyTypes) is not null)
            .ToList();
        Assert.Contains(typeof(PodSpec), types);

        foreach (var type in types)
        {
            ModelCopy.Deep(Activator.CreateInstance(type)!); // builds the type's copier: a read-only field holding an object would throw

            foreach (var property in type.GetProperties().Where(p => p.PropertyType != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(p.PropertyType)))
            {
                var collection = property.PropertyType;
                Assert.True(
                    collection.IsArray || (collection.IsGenericType && collection.GetGenericTypeDefinition() is var d && (d == typeof(List<>) || d == typeof(Dictionary<,>) || d == typeof(IReadOnlyList<>))),
                    $"{type.Name}.{property.Name} is a {collection}, which a model copy does not know");
            }
        }
    }
}
