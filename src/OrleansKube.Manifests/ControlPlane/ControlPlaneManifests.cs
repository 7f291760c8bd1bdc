using System.Globalization;
using System.Net;
using OrleansKube.Manifests.Reading;

namespace OrleansKube.Manifests.ControlPlane;

/// <summary>
/// The control plane as a kubeadm cluster shows it in <c>kube-system</c>: per silo, the mirror pods of its static
/// kube-apiserver, etcd, kube-scheduler and kube-controller-manager (named after the silo's control-plane node, as a
/// kubelet names mirror pods), and once per cluster the CoreDNS Deployment with its <c>kube-dns</c> Service and the
/// kube-proxy DaemonSet, each with its ConfigMap. Written as kubeadm 1.32 writes them, trimmed of what the simulation
/// cannot mean (certificate paths).
/// </summary>
public static class ControlPlaneManifests
{
    public const string Namespace = "kube-system";
    public const string Version = "v1.32.0";

    /// <summary>The mirror pods' components, in the order a kubelet starts them.</summary>
    public static readonly IReadOnlyList<string> Components = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"];

    /// <summary>
    /// The control-plane node a silo stands for: <c>silo-</c> and its address with dashes (<c>silo-127-0-0-1-11111</c>),
    /// unique across hosts and ports. Leader election identities start with it, so the leader's pods can be found.
    /// </summary>
    public static string NodeName(IPEndPoint silo) =>
        $"silo-{silo.Address.ToString().Replace('.', '-').Replace(':', '-').Trim('-')}-{silo.Port}";

    /// <summary>The mirror pod of <paramref name="component"/> on <paramref name="node"/>.</summary>
    public static string MirrorPodName(string component, string node) => $"{component}-{node}";

    /// <summary>The four mirror pods of one silo's control-plane node (no status: its kubelet reports that).</summary>
    public static IReadOnlyList<Pod> MirrorPods(string node, string hostIP, string serviceCidr, DateTimeOffset seen)
    {
        var pods = new List<Pod>();
        foreach (var component in Components)
        {
            var hash = Hash($"{node}/{component}");
            var text = MirrorPodTemplate
                .Replace("{component}", component, StringComparison.Ordinal)
                .Replace("{node}", node, StringComparison.Ordinal)
                .Replace("{hash}", hash, StringComparison.Ordinal)
                .Replace("{seen}", seen.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{cpu}", component switch { "kube-apiserver" => "250m", "kube-controller-manager" => "200m", _ => "100m" }, StringComparison.Ordinal)
                .Replace("{memory}", component == "etcd" ? "\n        memory: 100Mi" : "", StringComparison.Ordinal)
                .Replace("{command}", string.Join("", Command(component, hostIP, serviceCidr).Select(a => $"\n    - \"{a}\"")), StringComparison.Ordinal)
                .Replace("{port}", component switch { "kube-apiserver" => "6443", "kube-controller-manager" => "10257", "kube-scheduler" => "10259", _ => "2381" }, StringComparison.Ordinal)
                .Replace("{image}", component == "etcd" ? "registry.k8s.io/etcd:3.5.16-0" : $"registry.k8s.io/{component}:{Version}", StringComparison.Ordinal);
            pods.Add((Pod)ManifestReader.ReadText(text, $"{component}.yaml").Single().Object);
        }

        return pods;
    }

    /// <summary>
    /// What the control-plane node's kubelet reports for a mirror pod: Running and Ready since <paramref name="startedAt"/>,
    /// on the host network (its IP is the node's).
    /// </summary>
    public static PodStatus RunningStatus(Pod pod, string hostIP, DateTimeOffset startedAt)
    {
        var at = startedAt.ToUniversalTime();
        at = new DateTimeOffset(at.Ticks - (at.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var hash = pod.Metadata.Annotations?.GetValueOrDefault("kubernetes.io/config.hash") ?? "";
        return new PodStatus
        {
            Phase = PodPhase.Running,
            Conditions = [.. new[] { "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled" }
                .Select(type => new PodCondition { Type = type, Status = ConditionStatus.True, LastTransitionTime = at })],
            HostIP = hostIP,
            PodIP = hostIP,
            PodIPs = [new PodIP { Ip = hostIP }],
            StartTime = at,
            QosClass = PodQosClass.Burstable,
            ContainerStatuses = [.. pod.Spec.Containers.Select(c => new ContainerStatus
            {
                Name = c.Name,
                Image = c.Image ?? "",
                ImageID = $"{c.Image}@sha256:{Hash(c.Image ?? "")}{Hash(c.Image + "/")}",
                ContainerID = $"containerd://{Hash(hash + c.Name)}{Hash(c.Name + hash)}",
                State = new ContainerState { Running = new ContainerStateRunning { StartedAt = at } },
                LastState = new ContainerState(),
                Ready = true,
                Started = true,
                RestartCount = 0,
            })],
        };
    }

    /// <summary>The cluster's add-ons: their ServiceAccounts, CoreDNS (its ConfigMap, Deployment and the <c>kube-dns</c> Service) and kube-proxy (its ConfigMap and DaemonSet).</summary>
    public static IReadOnlyList<KubeObject> Addons(string serviceCidr) =>
        [.. ManifestReader.ReadText(AddonsTemplate
            .Replace("{dnsIP}", DnsServiceIP(serviceCidr) is { } ip ? $"\n  clusterIP: {ip}" : "", StringComparison.Ordinal)
            .Replace("{clusterCidr}", "10.244.0.0/16", StringComparison.Ordinal), "addons.yaml").Select(d => d.Object)];

    /// <summary>One klog line as the components print them: <c>I1204 21:10:00.123456       1 leaderelection.go:271] message</c>.</summary>
    public static string KlogLine(char severity, DateTimeOffset at, string source, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"{severity}{at.UtcDateTime:MMdd HH:mm:ss.ffffff}       1 {source}] {message}");

    /// <summary>kubeadm's DNS address: the tenth of the Service range (<c>10.96.0.10</c> in the default one); null for a range it cannot take it from.</summary>
    public static string? DnsServiceIP(string serviceCidr)
    {
        var slash = serviceCidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(serviceCidr[..slash], out var network) || network.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return null;
        }

        var bytes = network.GetAddressBytes();
        var value = ((uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3]) + 10;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]).ToString();
    }

    private static string[] Command(string component, string hostIP, string serviceCidr) => component switch
    {
        "etcd" => ["etcd", $"--advertise-client-urls=https://{hostIP}:2379", "--data-dir=/var/lib/etcd", $"--listen-client-urls=https://127.0.0.1:2379,https://{hostIP}:2379", "--name=" + hostIP],
        "kube-apiserver" => ["kube-apiserver", $"--advertise-address={hostIP}", "--allow-privileged=true", "--authorization-mode=Node,RBAC", "--enable-admission-plugins=NodeRestriction", $"--etcd-servers=https://127.0.0.1:2379", "--secure-port=6443", $"--service-cluster-ip-range={serviceCidr}"],
        "kube-controller-manager" => ["kube-controller-manager", "--bind-address=127.0.0.1", "--cluster-name=orleanskube", "--controllers=*,bootstrapsigner,tokencleaner", "--leader-elect=true", $"--service-cluster-ip-range={serviceCidr}", "--use-service-account-credentials=true"],
        _ => ["kube-scheduler", "--bind-address=127.0.0.1", "--leader-elect=true"],
    };

    private static string Hash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..32];

    private const string MirrorPodTemplate = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: {component}-{node}
          namespace: kube-system
          labels:
            component: {component}
            tier: control-plane
          annotations:
            kubernetes.io/config.hash: {hash}
            kubernetes.io/config.mirror: {hash}
            kubernetes.io/config.seen: "{seen}"
            kubernetes.io/config.source: file
        spec:
          nodeName: {node}
          hostNetwork: true
          priorityClassName: system-node-critical
          securityContext:
            seccompProfile:
              type: RuntimeDefault
          tolerations:
          - operator: Exists
            effect: NoExecute
          containers:
          - name: {component}
            image: {image}
            imagePullPolicy: IfNotPresent
            command:{command}
            resources:
              requests:
                cpu: {cpu}{memory}
            livenessProbe:
              httpGet:
                host: 127.0.0.1
                path: /livez
                port: {port}
                scheme: HTTPS
              initialDelaySeconds: 10
              timeoutSeconds: 15
              failureThreshold: 8
        """;

    private const string AddonsTemplate = """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: coredns
          namespace: kube-system
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: kube-proxy
          namespace: kube-system
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: coredns
          namespace: kube-system
        data:
          Corefile: |
            .:53 {
                errors
                health {
                   lameduck 5s
                }
                ready
                kubernetes cluster.local in-addr.arpa ip6.arpa {
                   pods insecure
                   fallthrough in-addr.arpa ip6.arpa
                   ttl 30
                }
                prometheus :9153
                forward . /etc/resolv.conf {
                   max_concurrent 1000
                }
                cache 30
                loop
                reload
                loadbalance
            }
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: coredns
          namespace: kube-system
          labels:
            k8s-app: kube-dns
        spec:
          replicas: 2
          strategy:
            type: RollingUpdate
            rollingUpdate:
              maxUnavailable: 1
          selector:
            matchLabels:
              k8s-app: kube-dns
          template:
            metadata:
              labels:
                k8s-app: kube-dns
            spec:
              priorityClassName: system-cluster-critical
              serviceAccountName: coredns
              affinity:
                podAntiAffinity:
                  preferredDuringSchedulingIgnoredDuringExecution:
                  - weight: 100
                    podAffinityTerm:
                      labelSelector:
                        matchExpressions:
                        - key: k8s-app
                          operator: In
                          values: ["kube-dns"]
                      topologyKey: kubernetes.io/hostname
              tolerations:
              - key: CriticalAddonsOnly
                operator: Exists
              - key: node-role.kubernetes.io/control-plane
                effect: NoSchedule
              nodeSelector:
                kubernetes.io/os: linux
              containers:
              - name: coredns
                image: registry.k8s.io/coredns/coredns:v1.11.3
                imagePullPolicy: IfNotPresent
                resources:
                  limits:
                    memory: 170Mi
                  requests:
                    cpu: 100m
                    memory: 70Mi
                args: ["-conf", "/etc/coredns/Corefile"]
                volumeMounts:
                - name: config-volume
                  mountPath: /etc/coredns
                  readOnly: true
                ports:
                - containerPort: 53
                  name: dns
                  protocol: UDP
                - containerPort: 53
                  name: dns-tcp
                  protocol: TCP
                - containerPort: 9153
                  name: metrics
                  protocol: TCP
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities:
                    add: ["NET_BIND_SERVICE"]
                    drop: ["ALL"]
                  readOnlyRootFilesystem: true
                livenessProbe:
                  httpGet:
                    path: /health
                    port: 8080
                    scheme: HTTP
                  initialDelaySeconds: 60
                  timeoutSeconds: 5
                  successThreshold: 1
                  failureThreshold: 5
                readinessProbe:
                  httpGet:
                    path: /ready
                    port: 8181
                    scheme: HTTP
              dnsPolicy: Default
              volumes:
              - name: config-volume
                configMap:
                  name: coredns
                  items:
                  - key: Corefile
                    path: Corefile
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: kube-dns
          namespace: kube-system
          labels:
            k8s-app: kube-dns
            kubernetes.io/cluster-service: "true"
            kubernetes.io/name: CoreDNS
          annotations:
            prometheus.io/port: "9153"
            prometheus.io/scrape: "true"
        spec:{dnsIP}
          selector:
            k8s-app: kube-dns
          ports:
          - name: dns
            port: 53
            protocol: UDP
            targetPort: 53
          - name: dns-tcp
            port: 53
            protocol: TCP
            targetPort: 53
          - name: metrics
            port: 9153
            protocol: TCP
            targetPort: 9153
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: kube-proxy
          namespace: kube-system
          labels:
            app: kube-proxy
        data:
          config.conf: |
            apiVersion: kubeproxy.config.k8s.io/v1alpha1
            kind: KubeProxyConfiguration
            clusterCIDR: {clusterCidr}
            mode: iptables
          kubeconfig.conf: |
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                server: https://kubernetes.default.svc
              name: default
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: kube-proxy
          namespace: kube-system
          labels:
            k8s-app: kube-proxy
        spec:
          selector:
            matchLabels:
              k8s-app: kube-proxy
          updateStrategy:
            type: RollingUpdate
            rollingUpdate:
              maxUnavailable: 1
          template:
            metadata:
              labels:
                k8s-app: kube-proxy
            spec:
              priorityClassName: system-node-critical
              hostNetwork: true
              serviceAccountName: kube-proxy
              nodeSelector:
                kubernetes.io/os: linux
              tolerations:
              - operator: Exists
              containers:
              - name: kube-proxy
                image: registry.k8s.io/kube-proxy:v1.32.0
                imagePullPolicy: IfNotPresent
                command: ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)"]
                env:
                - name: NODE_NAME
                  valueFrom:
                    fieldRef:
                      fieldPath: spec.nodeName
                securityContext:
                  privileged: true
                volumeMounts:
                - mountPath: /var/lib/kube-proxy
                  name: kube-proxy
                - mountPath: /run/xtables.lock
                  name: xtables-lock
                - mountPath: /lib/modules
                  name: lib-modules
                  readOnly: true
              volumes:
              - name: kube-proxy
                configMap:
                  name: kube-proxy
              - name: xtables-lock
                hostPath:
                  path: /run/xtables.lock
                  type: FileOrCreate
              - name: lib-modules
                hostPath:
                  path: /lib/modules
        """;
}
