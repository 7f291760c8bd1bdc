using System.Text.Json.Nodes;
using OrleansKube.Manifests.Reading;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Tests.Manifests;

/// <summary>Fields real charts set that the simulation only keeps: they are accepted (strict decoding) and come back as written.</summary>
public class ChartFieldsTests
{
    // As `helm template` renders a typical chart's Deployment and Service.
    private const string Chart = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              serviceAccountName: web
              automountServiceAccountToken: false
              enableServiceLinks: false
              dnsPolicy: ClusterFirst
              dnsConfig:
                options:
                - {name: ndots, value: "2"}
              hostPID: false
              hostIPC: false
              hostAliases:
              - ip: 10.1.2.3
                hostnames: [db.local]
              imagePullSecrets:
              - name: registry
              securityContext:
                runAsNonRoot: true
                runAsUser: 1000
                fsGroup: 2000
                supplementalGroups: [3000]
                seccompProfile: {type: RuntimeDefault}
                sysctls:
                - {name: net.ipv4.ip_local_port_range, value: "1024 65535"}
              containers:
              - name: web
                image: nginx:1.27
                envFrom:
                - prefix: APP_
                  configMapRef: {name: web-config}
                - secretRef: {name: web-secret, optional: true}
                securityContext:
                  allowPrivilegeEscalation: false
                  readOnlyRootFilesystem: true
                  capabilities:
                    drop: [ALL]
                    add: [NET_BIND_SERVICE]
                terminationMessagePath: /dev/termination-log
                terminationMessagePolicy: File
                tty: false
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector: {app: web}
          ports:
          - port: 80
          sessionAffinity: ClientIP
          sessionAffinityConfig:
            clientIP: {timeoutSeconds: 10800}
          externalIPs: [192.0.2.10]
        """;

    [Fact]
    public void ChartManifests_Apply_AndKeepEveryFieldAsWritten()
    {
        var documents = ManifestReader.ReadText(Chart, "chart.yaml");

        var pod = JsonNode.Parse(KubeJson.Serialize(documents[0].Object))!["spec"]!["template"]!["spec"]!;
        var service = JsonNode.Parse(KubeJson.Serialize(documents[1].Object))!["spec"]!;

        Assert.False(pod["automountServiceAccountToken"]!.GetValue<bool>());
        Assert.Equal("ClusterFirst", pod["dnsPolicy"]!.GetValue<string>());
        Assert.Equal("""[{"name":"ndots","value":"2"}]""", pod["dnsConfig"]!["options"]!.ToJsonString());
        Assert.Equal((false, false), (pod["hostPID"]!.GetValue<bool>(), pod["hostIPC"]!.GetValue<bool>()));
        Assert.Equal("""[{"ip":"10.1.2.3","hostnames":["db.local"]}]""", pod["hostAliases"]!.ToJsonString());
        Assert.Equal("""[{"name":"registry"}]""", pod["imagePullSecrets"]!.ToJsonString());
        Assert.Equal(
            """{"runAsUser":1000,"runAsNonRoot":true,"fsGroup":2000,"supplementalGroups":[3000],"seccompProfile":{"type":"RuntimeDefault"},"sysctls":[{"name":"net.ipv4.ip_local_port_range","value":"1024 65535"}]}""",
            pod["securityContext"]!.ToJsonString());
        var container = pod["containers"]![0]!;
        Assert.Equal("""[{"prefix":"APP_","configMapRef":{"name":"web-config"}},{"secretRef":{"name":"web-secret","optional":true}}]""", container["envFrom"]!.ToJsonString());
        Assert.Equal("""{"capabilities":{"add":["NET_BIND_SERVICE"],"drop":["ALL"]},"readOnlyRootFilesystem":true,"allowPrivilegeEscalation":false}""", container["securityContext"]!.ToJsonString());
        Assert.Equal(("/dev/termination-log", "File"), (container["terminationMessagePath"]!.GetValue<string>(), container["terminationMessagePolicy"]!.GetValue<string>()));
        Assert.Equal("""{"clientIP":{"timeoutSeconds":10800}}""", service["sessionAffinityConfig"]!.ToJsonString());
        Assert.Equal("""["192.0.2.10"]""", service["externalIPs"]!.ToJsonString());
    }

    [Fact]
    public void AFieldUpstreamDoesNotHave_IsStillRefused()
    {
        var error = Assert.Throws<ManifestException>(() => ManifestReader.ReadText(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsUsr: 1}\n  containers: [{name: c, image: nginx}]\n", "pod.yaml"));

        Assert.Contains("spec.securityContext.runAsUsr", error.Message);
    }
}
