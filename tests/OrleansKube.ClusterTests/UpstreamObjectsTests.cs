using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansKube.ClusterTests;

/// <summary>
/// Upstream's fuller example objects applied with the real kubectl: <c>kubectl get -o json</c> returns every field as
/// written (besides it only upstream's defaults, the server's metadata and status).
/// </summary>
public sealed class UpstreamObjectsTests(ApiClusterFixture cluster) : IClassFixture<ApiClusterFixture>, IDisposable
{
    private readonly Kubectl _kubectl = new(cluster);

    public void Dispose() => _kubectl.Dispose();

    private static string Manifests(string ns, string priorityClass) => $$"""
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: {{ns}}
          labels: {app: web}
        spec:
          type: LoadBalancer
          selector: {app: web}
          ports:
          - {name: http, protocol: TCP, appProtocol: http, port: 80, targetPort: http}
          - {name: metrics, protocol: UDP, appProtocol: kubernetes.io/h2c, port: 9090, targetPort: 9090}
          externalIPs: [192.0.2.10]
          sessionAffinity: ClientIP
          sessionAffinityConfig:
            clientIP: {timeoutSeconds: 600}
          loadBalancerIP: 198.51.100.7
          loadBalancerSourceRanges: [203.0.113.0/24]
          externalTrafficPolicy: Local
          healthCheckNodePort: 32000
          publishNotReadyAddresses: true
          ipFamilies: [IPv4]
          ipFamilyPolicy: SingleStack
          allocateLoadBalancerNodePorts: true
          loadBalancerClass: example.com/internal-vip
          internalTrafficPolicy: Local
          trafficDistribution: PreferClose
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-config
          namespace: {{ns}}
        immutable: true
        data: {LOG_LEVEL: debug}
        binaryData: {logo.png: iVBORw0KGgo=}
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: web-tls
          namespace: {{ns}}
        type: kubernetes.io/tls
        immutable: true
        data:
          tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t
          tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: data
          namespace: {{ns}}
        spec:
          accessModes: [ReadWriteOnce]
          selector:
            matchLabels: {tier: fast}
          resources:
            limits: {storage: 50Gi}
            requests: {storage: 20Gi}
          storageClassName: no-such-class
          volumeMode: Filesystem
          dataSource: {apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: data-snap}
          dataSourceRef: {apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: data-snap}
          volumeAttributesClassName: gold
        ---
        apiVersion: coordination.k8s.io/v1
        kind: Lease
        metadata:
          name: controller-leader
          namespace: {{ns}}
        spec:
          holderIdentity: controller-7d4b9c
          leaseDurationSeconds: 15
          acquireTime: "2024-05-01T10:00:00.000000Z"
          renewTime: "2024-05-01T10:04:59.123456Z"
          leaseTransitions: 3
          strategy: OldestEmulationVersion
          preferredHolder: controller-5f6a7b
        ---
        apiVersion: scheduling.k8s.io/v1
        kind: PriorityClass
        metadata:
          name: {{priorityClass}}
        value: 1000000
        globalDefault: false
        description: For the shop's customer-facing pods.
        preemptionPolicy: Never
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          namespace: {{ns}}
        spec:
          ingressClassName: nginx
          defaultBackend:
            resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: static-assets}
          tls:
          - hosts: [shop.example.com]
            secretName: web-tls
          rules:
          - host: shop.example.com
            http:
              paths:
              - path: /api
                pathType: Prefix
                backend:
                  service:
                    name: web
                    port: {name: http}
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: web
          namespace: {{ns}}
        spec:
          maxUnavailable: 25%
          selector:
            matchLabels: {app: web}
          unhealthyPodEvictionPolicy: AlwaysAllow
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: web
          namespace: {{ns}}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          minReplicas: 2
          maxReplicas: 10
          metrics:
          - type: Resource
            resource:
              name: cpu
              target: {type: Utilization, averageUtilization: 60}
          - type: External
            external:
              metric:
                name: queue_messages_ready
                selector:
                  matchLabels: {queue: orders}
              target: {type: Value, value: "30"}
          behavior:
            scaleDown:
              stabilizationWindowSeconds: 300
              selectPolicy: Min
              policies:
              - {type: Percent, value: 10, periodSeconds: 60}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: db
          namespace: {{ns}}
        spec:
          podSelector:
            matchLabels: {role: db}
          policyTypes: [Ingress, Egress]
          ingress:
          - from:
            - ipBlock:
                cidr: 172.17.0.0/16
                except: [172.17.1.0/24]
            - namespaceSelector:
                matchLabels: {project: shop}
              podSelector:
                matchLabels: {role: frontend}
            ports:
            - {protocol: TCP, port: 6379}
          egress:
          - to:
            - ipBlock: {cidr: 10.0.0.0/24}
            ports:
            - {protocol: TCP, port: 32000, endPort: 32768}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: pod-reader
          namespace: {{ns}}
        rules:
        - apiGroups: [""]
          resources: [pods, pods/log]
          resourceNames: [web-0]
          verbs: [get, list, watch]
        """;

    [Fact]
    public async Task Apply_UpstreamsFullExamples_GetReturnsEveryFieldAsWritten()
    {
        var ns = cluster.UniqueName("upstream");
        var priorityClass = ns + "-high";
        await _kubectl.OkWithInputAsync(["apply", "-f", "-"], $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n");
        var manifests = Manifests(ns, priorityClass);
        try
        {
            // kubectl's own reading of the YAML is what was written.
            var written = Items(await _kubectl.OkWithInputAsync(["create", "--dry-run=client", "-o", "json", "-f", "-"], manifests));

            await _kubectl.OkWithInputAsync(["apply", "-f", "-"], manifests);
            var returned = Items(await _kubectl.OkAsync(
                "get", "-n", ns, "-o", "json", "service/web", "configmap/web-config", "secret/web-tls", "pvc/data", "lease/controller-leader",
                "priorityclass/" + priorityClass, "ingress/web", "pdb/web", "hpa/web", "networkpolicy/db", "role/pod-reader"));

            Assert.Equal(written.Keys.Order(), returned.Keys.Order());
            var differences = new List<string>();
            foreach (var (key, obj) in written)
            {
                obj.Remove("status");
                Missing(obj, returned[key], key, differences);
            }

            Assert.Empty(differences);
            Assert.Matches(@"(?m)^NAME\s+POD-SELECTOR\s+AGE\ndb\s+role=db\s+\S+$", await _kubectl.OkAsync("get", "netpol", "-n", ns));

            // An immutable ConfigMap keeps its data, as upstream refuses the change.
            var (exit, _, error) = await _kubectl.RunAsync(["apply", "-f", "-"], manifests.Replace("LOG_LEVEL: debug", "LOG_LEVEL: info", StringComparison.Ordinal));
            Assert.NotEqual(0, exit);
            Assert.Contains("data: Forbidden: field is immutable when `immutable` is set", error);
        }
        finally
        {
            await _kubectl.RunAsync("delete", "priorityclass", priorityClass, "--wait=false");
            await _kubectl.RunAsync("delete", "namespace", ns, "--wait=false");
        }
    }

    /// <summary>The objects kubectl printed, by kind and name: a List's items, or objects one after another (a dry run's output).</summary>
    private static Dictionary<string, JsonObject> Items(string output)
    {
        var objects = new List<JsonObject>();
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(output), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            var obj = JsonNode.Parse(ref reader)!.AsObject();
            objects.AddRange(obj["kind"]?.GetValue<string>() == "List" ? obj["items"]!.AsArray().Select(i => i!.AsObject()) : [obj]);
        }

        return objects.ToDictionary(i => $"{i["kind"]}/{i["metadata"]!["name"]}", StringComparer.Ordinal);
    }

    /// <summary>Adds every path written that is not returned with the same value (the returned tree may hold more: defaults, server metadata).</summary>
    private static void Missing(JsonNode? written, JsonNode? returned, string path, List<string> differences)
    {
        switch (written, returned)
        {
            case (JsonObject w, JsonObject r):
                foreach (var (key, value) in w)
                {
                    if (r.ContainsKey(key))
                    {
                        Missing(value, r[key], $"{path}.{key}", differences);
                    }
                    else
                    {
                        differences.Add($"{path}.{key}: written but not returned");
                    }
                }

                break;
            case (JsonArray w, JsonArray r) when w.Count == r.Count:
                for (var i = 0; i < w.Count; i++)
                {
                    Missing(w[i], r[i], $"{path}[{i}]", differences);
                }

                break;
            default:
                if (!JsonNode.DeepEquals(written, returned))
                {
                    differences.Add($"{path}: written {written?.ToJsonString()}, returned {returned?.ToJsonString()}");
                }

                break;
        }
    }
}
