using OrleansKube.Manifests.Reading;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Tests.Manifests;

public class ManifestReaderTests
{
    private const string ValidPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          labels:
            app: web
        spec:
          containers:
          - name: nginx
            image: nginx:1.27
            resources:
              requests:
                cpu: 250m
              limits:
                cpu: 500m
                memory: 128Mi
        """;

    [Fact]
    public void ReadText_ValidPod_AppliesUpstreamDefaults()
    {
        var pod = Assert.IsType<Pod>(Assert.Single(ManifestReader.ReadText(ValidPod, "pod.yaml")).Object);

        Assert.Equal(RestartPolicy.Always, pod.Spec.RestartPolicy);
        Assert.Equal("default-scheduler", pod.Spec.SchedulerName);
        Assert.Equal(30, pod.Spec.TerminationGracePeriodSeconds);
        Assert.Equal(PullPolicy.IfNotPresent, pod.Spec.Containers[0].ImagePullPolicy);
        // memory has only a limit: the request defaults to it; cpu keeps its own request.
        Assert.Equal(Quantity.Parse("128Mi"), pod.Spec.Containers[0].Resources!.Requests!["memory"]);
        Assert.Equal(Quantity.Parse("250m"), pod.Spec.Containers[0].Resources!.Requests!["cpu"]);
    }

    [Fact]
    public void ReadText_MultiDocumentAndList_ReturnsEveryObject()
    {
        const string text = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: one}
            data: {a: "1"}
            ---
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Namespace
              metadata: {name: team-a}
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: web}
              spec:
                selector: {matchLabels: {app: web}}
                template:
                  metadata: {labels: {app: web}}
                  spec: {containers: [{name: web, image: nginx}]}
            ---
            """;

        var documents = ManifestReader.ReadText(text, "all.yaml");

        Assert.Equal(["ConfigMap", "Namespace", "Deployment"], documents.Select(d => d.Kind.Kind));
        var deployment = Assert.IsType<Deployment>(documents[2].Object);
        Assert.Equal(1, deployment.Spec!.Replicas);
        Assert.Equal("25%", deployment.Spec.Strategy!.RollingUpdate!.MaxSurge!.Value.StringValue);
        Assert.Equal(10, deployment.Spec.RevisionHistoryLimit);
    }

    [Fact]
    public void ReadText_Json_IsReadLikeYaml()
    {
        const string json = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"j"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""";

        var pod = Assert.IsType<Pod>(Assert.Single(ManifestReader.ReadText(json, "pod.json")).Object);

        Assert.Equal("j", pod.Metadata.Name);
        Assert.Equal(PullPolicy.Always, pod.Spec.Containers[0].ImagePullPolicy);
    }

    private const string StatefulSet = """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          serviceName: db
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec:
              containers:
              - {name: db, image: nginx, volumeMounts: [{name: data, mountPath: /data}]}
          volumeClaimTemplates:
          - metadata: {name: data}
            spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}

        """;

    [Fact]
    public void ReadText_StatefulSet_ContainersMountTheClaimTemplatesVolumes_AndUpstreamsDefaultsApply()
    {
        var set = Assert.IsType<StatefulSet>(Assert.Single(ManifestReader.ReadText(StatefulSet, "db.yaml")).Object);

        var spec = set.Spec!;
        Assert.Equal((1, PodManagementPolicyType.OrderedReady, StatefulSetUpdateStrategyType.RollingUpdate, 0, 10), (spec.Replicas, spec.PodManagementPolicy, spec.UpdateStrategy!.Type, spec.UpdateStrategy.RollingUpdate!.Partition, spec.RevisionHistoryLimit));
        Assert.Null(spec.UpdateStrategy.RollingUpdate.MaxUnavailable);
        Assert.Equal((PersistentVolumeClaimRetentionPolicyType.Retain, PersistentVolumeClaimRetentionPolicyType.Retain), (spec.PersistentVolumeClaimRetentionPolicy!.WhenDeleted, spec.PersistentVolumeClaimRetentionPolicy.WhenScaled));
        Assert.Null(spec.Template!.Spec!.Volumes);
        var claim = Assert.Single(spec.VolumeClaimTemplates!);
        Assert.Equal(("v1", "PersistentVolumeClaim", PersistentVolumeMode.Filesystem, PersistentVolumeClaimPhase.Pending), (claim.ApiVersion, claim.Kind, claim.Spec!.VolumeMode, claim.Status!.Phase));
    }

    public sealed record ErrorCase(string Sentence, string Manifest, string Expected)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<ErrorCase> ErrorCases() =>
    [
        new ErrorCase("an invalid quantity names the field, value and line", ValidPod.Replace("cpu: 250m", "cpu: abc"),
            "pod.yaml:13: Pod \"web\" is invalid: spec.containers[0].resources.requests.cpu: Invalid value: \"abc\": must be a quantity"),
        new ErrorCase("a missing name is required", ValidPod.Replace("  name: web\n", ""),
            "Pod \"\" is invalid: metadata.name: Required value: name or generateName is required"),
        new ErrorCase("an unknown kind is refused", "apiVersion: v1\nkind: Widget\nmetadata: {name: w}\n",
            "pod.yaml:1: resource mapping not found for name: \"w\": no matches for kind \"Widget\" in version \"v1\""),
        new ErrorCase("a kind in the wrong group is refused", "apiVersion: v1\nkind: Deployment\nmetadata: {name: w}\n",
            "no matches for kind \"Deployment\" in version \"v1\""),
        new ErrorCase("malformed YAML names the line", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: [\n",
            "error parsing pod.yaml: line 5"),
        new ErrorCase("an unknown field is refused by name", ValidPod.Replace("    image: nginx:1.27", "    image: nginx:1.27\n    imagePolicy: x"),
            "unknown field \"spec.containers[0].imagePolicy\""),
        new ErrorCase("an unsupported enum value lists the supported ones", ValidPod.Replace("spec:\n", "spec:\n  restartPolicy: Sometimes\n"),
            "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"Never\", \"OnFailure\""),
        new ErrorCase("a request above its limit is refused", ValidPod.Replace("cpu: 250m", "cpu: 2"),
            "spec.containers[0].resources.requests.cpu: Invalid value: \"2\": must be less than or equal to cpu limit of 500m"),
        new ErrorCase("an upper-case name is not a DNS subdomain", ValidPod.Replace("name: web", "name: Web"),
            "metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 subdomain"),
        new ErrorCase("a container without an image is refused", ValidPod.Replace("    image: nginx:1.27\n", ""),
            "spec.containers[0].image: Required value"),
        new ErrorCase("a string where an integer belongs is refused", ValidPod.Replace("spec:\n", "spec:\n  terminationGracePeriodSeconds: soon\n"),
            "spec.terminationGracePeriodSeconds: Invalid value: \"soon\": must be an integer"),
        new ErrorCase("a selector that does not match the template is refused",
            "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: r}\nspec:\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: b}}\n    spec: {containers: [{name: c, image: i}]}\n",
            "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"b\"}: `selector` does not match template `labels`"),
        new ErrorCase("a replication controller whose selector does not match its template is refused",
            "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: r}\nspec:\n  selector: {app: a}\n  template:\n    metadata: {labels: {app: b}}\n    spec: {containers: [{name: c, image: i}]}\n",
            "ReplicationController \"r\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"b\"}: selector does not match template labels"),
        new ErrorCase("a replication controller with no selector and no template labels is refused",
            "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: r}\nspec:\n  template:\n    spec: {containers: [{name: c, image: i}]}\n",
            "spec.selector: Required value"),
        new ErrorCase("a claim without access modes is refused", "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c}\nspec:\n  resources: {requests: {storage: 1Gi}}\n",
            "PersistentVolumeClaim \"c\" is invalid: spec.accessModes: Required value: at least 1 access mode is required"),
        new ErrorCase("a claim without a storage request is refused", "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c}\nspec: {accessModes: [ReadWriteOnce]}\n",
            "spec.resources[storage]: Required value"),
        new ErrorCase("an unknown access mode lists the supported ones", "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c}\nspec: {accessModes: [ReadWriteSometimes], resources: {requests: {storage: 1Gi}}}\n",
            "Unsupported value: \"ReadWriteSometimes\""),
        new ErrorCase("a StatefulSet's claim template is validated as a claim", StatefulSet.Replace("storage: 1Gi", "storage: 0"),
            "StatefulSet \"db\" is invalid: spec.volumeClaimTemplates[0].spec.resources[storage]: Invalid value: \"0\": must be greater than zero"),
        new ErrorCase("a StatefulSet's OnDelete strategy takes no rollingUpdate", StatefulSet.Replace("  serviceName: db\n", "  serviceName: db\n  updateStrategy: {type: OnDelete, rollingUpdate: {partition: 1}}\n"),
            "spec.updateStrategy.rollingUpdate: Invalid value: \"\": only allowed for updateStrategy 'RollingUpdate'"),
        new ErrorCase("a StatefulSet's container mounting a volume nobody declares is refused", StatefulSet.Replace("name: data, mountPath", "name: logs, mountPath"),
            "spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"logs\""),
        new ErrorCase("a claim volume without a claim name is refused", ValidPod.Replace("spec:\n", "spec:\n  volumes: [{name: v, persistentVolumeClaim: {readOnly: true}}]\n"),
            "spec.volumes[0].persistentVolumeClaim.claimName: Required value"),
        new ErrorCase("a missing kind is reported", "apiVersion: v1\nmetadata: {name: x}\n", "Object 'Kind' is missing"),
        new ErrorCase("bad base64 in a Secret names the field and the byte, as Go's decoder does", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  token: abc!def=\n",
            "pod.yaml:5: Secret \"s\" is invalid: data.token: Invalid value: \"abc!def=\": illegal base64 data at input byte 3"),
        new ErrorCase("base64 cut short names where its last group starts", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  token: YWJjZA\n",
            "data.token: Invalid value: \"YWJjZA\": illegal base64 data at input byte 4"),
        new ErrorCase("a ConfigMap over 1 MiB is refused naming data", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  big: " + new string('x', 1024 * 1024 + 1) + "\n",
            "ConfigMap \"c\" is invalid: data: Too long: may not be more than 1048576 bytes"),
        new ErrorCase("In without values is refused", ValidPod.Replace("spec:\n", "spec:\n  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions: [{key: zone, operator: In}]\n"),
            "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value"),
    ];

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public void ReadText_BadManifest_ReportsFieldAndReason(ErrorCase c)
    {
        var error = Assert.Throws<ManifestException>(() => ManifestReader.ReadText(c.Manifest, "pod.yaml"));

        Assert.Contains(c.Expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadText_OneBadDocument_ReturnsNoneOfThem()
    {
        var text = ValidPod + "\n---\n" + ValidPod.Replace("name: web", "name: other").Replace("cpu: 250m", "cpu: x");

        var error = Assert.Throws<ManifestException>(() => ManifestReader.ReadText(text, "two.yaml"));

        Assert.Single(error.Errors);
        Assert.Contains("\"other\"", error.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPath_Directory_ReadsManifestFilesInNameOrder()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "b.yaml"), ValidPod);
            File.WriteAllText(Path.Combine(dir.FullName, "a.json"), """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n"}}""");
            File.WriteAllText(Path.Combine(dir.FullName, "notes.txt"), "not a manifest");

            var documents = ManifestReader.ReadPath(dir.FullName);

            Assert.Equal(["Namespace", "Pod"], documents.Select(d => d.Kind.Kind));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void ReadText_ReplicationControllerWithoutSelector_TakesTheTemplatesLabelsAsSelectorAndLabels()
    {
        var rc = (ReplicationController)Assert.Single(ManifestReader.ReadText(
            "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: r}\nspec:\n  template:\n    metadata: {labels: {app: web, tier: front}}\n    spec: {containers: [{name: c, image: i}]}\n", "rc.yaml")).Object;

        Assert.Equal(1, rc.Spec!.Replicas);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" }, rc.Spec.Selector);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" }, rc.Metadata.Labels);
    }

    public static TheoryData<string> RoundTripManifests() =>
    [
        ValidPod,
        """
        apiVersion: v1
        kind: ReplicationController
        metadata: {name: web, namespace: default, labels: {app: web}}
        spec:
          replicas: 3
          minReadySeconds: 5
          selector: {app: web}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: nginx:1.27}]}
        status:
          replicas: 3
          fullyLabeledReplicas: 3
          readyReplicas: 2
          availableReplicas: 2
          observedGeneration: 1
          conditions: [{type: ReplicaFailure, status: "True", reason: FailedCreate, message: quota exceeded}]
        """,
        """
        apiVersion: v1
        kind: Node
        metadata: {name: node-1, labels: {topology.kubernetes.io/zone: zone-a}}
        spec:
          taints: [{key: gpu, value: "true", effect: NoSchedule}]
          unschedulable: false
        status:
          capacity: {cpu: "4", memory: 16Gi, pods: "110", nvidia.com/gpu: "1", ephemeral-storage: 100G}
          allocatable: {cpu: 3800m, memory: 15Gi, pods: 110}
          conditions: [{type: Ready, status: "True", lastHeartbeatTime: "2026-11-23T06:00:00Z"}]
          addresses: [{type: InternalIP, address: 10.0.0.1}]
        """,
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: full, namespace: team-a, annotations: {note: x}}
        spec:
          nodeSelector: {disk: ssd}
          priorityClassName: high
          priority: 1000
          initContainers: [{name: init, image: busybox, command: [sh, -c, "true"]}]
          containers:
          - name: app
            image: app:v2
            ports: [{containerPort: 8080, name: http}]
            env: [{name: MODE, value: fast}, {name: KEY, valueFrom: {secretKeyRef: {name: s, key: k}}}]
            resources: {requests: {cpu: "1", memory: 1e9, nvidia.com/gpu: 1}}
            livenessProbe: {httpGet: {path: /healthz, port: http}, initialDelaySeconds: 5}
            readinessProbe: {tcpSocket: {port: 8080}}
            lifecycle: {preStop: {exec: {command: [sleep, "5"]}}}
            volumeMounts: [{name: cfg, mountPath: /etc/cfg}]
          volumes:
          - {name: cfg, configMap: {name: app-config}}
          - {name: tmp, emptyDir: {sizeLimit: 1Gi}}
          - {name: sec, secret: {secretName: s}}
          - {name: host, hostPath: {path: /var/log}}
          tolerations: [{key: gpu, operator: Exists, effect: NoSchedule}, {operator: Exists}]
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms: [{matchExpressions: [{key: cores, operator: Gt, values: ["4"]}]}]
              preferredDuringSchedulingIgnoredDuringExecution: [{weight: 10, preference: {matchExpressions: [{key: zone, operator: In, values: [a]}]}}]
            podAntiAffinity:
              requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: full}}, topologyKey: kubernetes.io/hostname}]
        status:
          phase: Running
          qosClass: Burstable
          containerStatuses: [{name: app, ready: true, restartCount: 2, image: app:v2, imageID: "", state: {running: {startedAt: "2026-11-23T06:00:00Z"}}}]
        """,
    ];

    [Theory]
    [MemberData(nameof(RoundTripManifests))]
    public void Serialize_ParsedObject_ParsesBackToTheSameObject(string manifest)
    {
        var first = Assert.Single(ManifestReader.ReadText(manifest, "in.yaml")).Object;

        var json = KubeJson.Serialize(first, indented: true);
        var second = Assert.Single(ManifestReader.ReadText(json, "out.json")).Object;

        Assert.Equal(json, KubeJson.Serialize(second, indented: true));
        Assert.Equal(first.GetType(), second.GetType());
    }
}
