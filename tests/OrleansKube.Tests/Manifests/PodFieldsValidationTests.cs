using OrleansKube.Manifests.Reading;

namespace OrleansKube.Tests.Manifests;

/// <summary>Upstream's validation of the newer pod fields: scheduling gates, sidecar restart policies, every volume source.</summary>
public class PodFieldsValidationTests
{
    public sealed record Case(string Sentence, string Spec, string? Error)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<Case> Cases() =>
    [
        new Case("a gate with a qualified name is accepted", "schedulingGates: [{name: example.com/quota}]", null),
        new Case("a gate that is no qualified name is refused", "schedulingGates: [{name: -bad-}]", "spec.schedulingGates[0].name: Invalid value: \"-bad-\""),
        new Case("the same gate twice is refused", "schedulingGates: [{name: a}, {name: a}]", "spec.schedulingGates[1]: Duplicate value: \"a\""),
        new Case("a node name beside a gate is refused", "nodeName: n1\n  schedulingGates: [{name: a}]", "spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared"),
        new Case("a sidecar init container may have probes and hooks",
            "initContainers: [{name: s, image: envoy, restartPolicy: Always, readinessProbe: {tcpSocket: {port: 80}}, lifecycle: {preStop: {sleep: {seconds: 1}}}}]", null),
        new Case("an ordinary init container may not have a readiness probe",
            "initContainers: [{name: s, image: envoy, readinessProbe: {tcpSocket: {port: 80}}}]", "spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always"),
        new Case("an app container may not have a restart policy of its own",
            "containers: [{name: c, image: nginx, restartPolicy: Always}]",
            "spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"),
        new Case("an nfs volume is one source", "volumes: [{name: v, nfs: {server: s, path: /}}]", null),
        new Case("a projected and a csi source in one volume are refused", "volumes: [{name: v, projected: {sources: []}, csi: {driver: d}}]", "spec.volumes[0]: Forbidden: may not specify more than 1 volume type"),
        new Case("an env value from a resource field is one source", "containers: [{name: c, image: nginx, env: [{name: C, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}]}]", null),
        new Case("an env value from a resource field and a field is refused",
            "containers: [{name: c, image: nginx, env: [{name: C, valueFrom: {resourceFieldRef: {resource: limits.cpu}, fieldRef: {fieldPath: metadata.name}}}]}]",
            "must specify exactly one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Read_PodSpec_ValidatedAsUpstream(Case c)
    {
        var containers = c.Spec.Contains("containers: [{", StringComparison.Ordinal) && !c.Spec.StartsWith("initContainers", StringComparison.Ordinal) ? "" : "\n  containers: [{name: c, image: nginx}]";
        var manifest = $"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  {c.Spec}{containers}\n";

        var error = Record.Exception(() => ManifestReader.ReadText(manifest, "pod.yaml"));

        if (c.Error is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(c.Error, Assert.IsType<ManifestException>(error).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Read_DeploymentTemplateWithEphemeralContainers_IsRefused()
    {
        const string manifest = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              selector: {matchLabels: {app: d}}
              template:
                metadata: {labels: {app: d}}
                spec:
                  containers: [{name: c, image: nginx}]
                  ephemeralContainers: [{name: debug, image: busybox}]
            """;

        var error = Assert.Throws<ManifestException>(() => ManifestReader.ReadText(manifest, "deploy.yaml"));

        Assert.Contains("spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_JobWithPodFailurePolicyNotRestartingNever_IsRefused()
    {
        const string manifest = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: j}
            spec:
              podFailurePolicy:
                rules:
                - {action: Ignore, onPodConditions: [{type: DisruptionTarget}]}
              template:
                spec:
                  restartPolicy: OnFailure
                  containers: [{name: c, image: busybox}]
            """;

        var error = Assert.Throws<ManifestException>(() => ManifestReader.ReadText(manifest, "job.yaml"));

        Assert.Contains("spec.template.spec.restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is supported when podFailurePolicy is specified", error.Message, StringComparison.Ordinal);
    }
}
