using OrleansKube.Control.Kubelet;
using OrleansKube.Manifests.Simulation;

namespace OrleansKube.Tests.Kubelet;

/// <summary>
/// The kubelet's checks of the ConfigMaps and Secrets a pod names: a container whose environment names a missing object
/// or key waits in CreateContainerConfigError and is tried again at each sync; a volume that cannot be set up keeps the
/// pod ContainerCreating with FailedMount events on the volume back-off; both start once the object appears.
/// </summary>
public class ConfigReferencesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 6, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(double seconds) => T0 + TimeSpan.FromSeconds(seconds);

    private static ConfigMap ConfigMap(string name, params string[] keys) =>
        new() { Metadata = new ObjectMeta { Name = name, Namespace = "default" }, Data = keys.ToDictionary(k => k, _ => "v") };

    private static Secret Secret(string name, params string[] keys) =>
        new() { Metadata = new ObjectMeta { Name = name, Namespace = "default" }, Data = keys.ToDictionary(k => k, _ => "v"u8.ToArray()) };

    private static ConfigObjects Objects(params KubeObject[] objects) => ConfigObjects.Of(objects.OfType<ConfigMap>(), objects.OfType<Secret>());

    private static Pod Pod(Action<Container>? container = null, List<Volume>? volumes = null)
    {
        var app = new Container { Name = "app", Image = "nginx:1.27" };
        container?.Invoke(app);
        return new Pod
        {
            Metadata = new ObjectMeta { Name = "p", Namespace = "default", Uid = "uid-1" },
            Spec = new PodSpec { RestartPolicy = RestartPolicy.Always, Containers = [app], Volumes = volumes },
        };
    }

    private static PodRuntime Run(Pod pod, WorkloadBehaviour? behaviour = null) =>
        new(pod, behaviour ?? new WorkloadBehaviour { StartDelay = TimeSpan.FromSeconds(5) }, T0, "172.16.0.1", "10.128.0.2");

    private static Action<Container> EnvFromConfigMap(string name, bool? optional = null) =>
        c => c.EnvFrom = [new EnvFromSource { ConfigMapRef = new ConfigMapEnvSource { Name = name, Optional = optional } }];

    private static Action<Container> EnvFromSecret(string name) =>
        c => c.EnvFrom = [new EnvFromSource { SecretRef = new SecretEnvSource { Name = name } }];

    private static Action<Container> ConfigMapKey(string name, string key, bool? optional = null) =>
        c => c.Env = [new EnvVar { Name = "MODE", ValueFrom = new EnvVarSource { ConfigMapKeyRef = new KeySelector { Name = name, Key = key, Optional = optional } } }];

    private static Action<Container> SecretKey(string name, string key) =>
        c => c.Env = [new EnvVar { Name = "PASSWORD", ValueFrom = new EnvVarSource { SecretKeyRef = new KeySelector { Name = name, Key = key } } }];

    public static TheoryData<string, Action<Container>, KubeObject[], string?> ContainerCases => new()
    {
        { "configMapKeyRef, no ConfigMap", ConfigMapKey("app", "mode"), [], "configmap \"app\" not found" },
        { "configMapKeyRef, no key", ConfigMapKey("app", "mode"), [ConfigMap("app", "other")], "couldn't find key mode in ConfigMap default/app" },
        { "configMapKeyRef, present", ConfigMapKey("app", "mode"), [ConfigMap("app", "mode")], null },
        { "configMapKeyRef, optional and missing", ConfigMapKey("app", "mode", optional: true), [], null },
        { "secretKeyRef, no Secret", SecretKey("creds", "password"), [], "secret \"creds\" not found" },
        { "secretKeyRef, no key", SecretKey("creds", "password"), [Secret("creds", "user")], "couldn't find key password in Secret default/creds" },
        { "secretKeyRef, a ConfigMap of that name is not it", SecretKey("creds", "password"), [ConfigMap("creds", "password")], "secret \"creds\" not found" },
        { "envFrom ConfigMap, missing", EnvFromConfigMap("app"), [], "configmap \"app\" not found" },
        { "envFrom ConfigMap, optional", EnvFromConfigMap("app", optional: true), [], null },
        { "envFrom ConfigMap, present with no keys", EnvFromConfigMap("app"), [ConfigMap("app")], null },
        { "envFrom Secret, missing", EnvFromSecret("creds"), [], "secret \"creds\" not found" },
        {
            "envFrom is read before env",
            c => { EnvFromSecret("creds")(c); ConfigMapKey("app", "mode")(c); },
            [], "secret \"creds\" not found"
        },
    };

    [Theory]
    [MemberData(nameof(ContainerCases))]
    public void ContainerConfigError_NamesWhatIsMissing_AsUpstream(string name, Action<Container> container, KubeObject[] objects, string? expected)
    {
        var pod = Pod(container);

        Assert.True(ConfigReferences.Any(pod.Spec), name);
        Assert.Equal(expected, ConfigReferences.ContainerConfigError(pod.Spec.Containers[0], "default", Objects(objects)));
    }

    public static TheoryData<string, Volume, KubeObject[], string?> VolumeCases => new()
    {
        { "configMap, missing", new Volume { Name = "config", ConfigMap = new ConfigMapVolumeSource { Name = "app" } }, [], "MountVolume.SetUp failed for volume \"config\" : configmap \"app\" not found" },
        { "configMap, optional", new Volume { Name = "config", ConfigMap = new ConfigMapVolumeSource { Name = "app", Optional = true } }, [], null },
        {
            "configMap, an item's key missing",
            new Volume { Name = "config", ConfigMap = new ConfigMapVolumeSource { Name = "app", Items = [new KeyToPath { Key = "a.conf", Path = "a.conf" }] } },
            [ConfigMap("app", "b.conf")], "MountVolume.SetUp failed for volume \"config\" : configmap references non-existent config key: a.conf"
        },
        { "secret, missing", new Volume { Name = "tls", Secret = new SecretVolumeSource { SecretName = "cert" } }, [], "MountVolume.SetUp failed for volume \"tls\" : secret \"cert\" not found" },
        {
            "secret, an item's key missing",
            new Volume { Name = "tls", Secret = new SecretVolumeSource { SecretName = "cert", Items = [new KeyToPath { Key = "tls.key", Path = "k" }] } },
            [Secret("cert", "tls.crt")], "MountVolume.SetUp failed for volume \"tls\" : references non-existent secret key: tls.key"
        },
        { "secret, present", new Volume { Name = "tls", Secret = new SecretVolumeSource { SecretName = "cert" } }, [Secret("cert")], null },
        { "emptyDir names nothing", new Volume { Name = "scratch", EmptyDir = new EmptyDirVolumeSource() }, [], null },
    };

    [Theory]
    [MemberData(nameof(VolumeCases))]
    public void MountFailures_NameTheVolumeAndTheReason_AsUpstream(string name, Volume volume, KubeObject[] objects, string? expected)
    {
        var failures = ConfigReferences.MountFailures(Pod(volumes: [volume]).Spec, Objects(objects));

        Assert.Equal(expected is null ? [] : [expected], failures);
        Assert.Equal(volume.EmptyDir is null, ConfigReferences.Any(Pod(volumes: [volume]).Spec));
        _ = name;
    }

    [Fact]
    public void Names_ListEachObjectOnce_FromVolumesEnvAndEnvFrom()
    {
        var pod = Pod(
            c =>
            {
                EnvFromConfigMap("app")(c);
                c.Env = [
                    new EnvVar { Name = "A", ValueFrom = new EnvVarSource { ConfigMapKeyRef = new KeySelector { Name = "app", Key = "a" } } },
                    new EnvVar { Name = "B", ValueFrom = new EnvVarSource { SecretKeyRef = new KeySelector { Name = "creds", Key = "b" } } },
                    new EnvVar { Name = "C", Value = "plain" },
                ];
            },
            [new Volume { Name = "v", ConfigMap = new ConfigMapVolumeSource { Name = "files" } }, new Volume { Name = "t", Secret = new SecretVolumeSource { SecretName = "creds" } }]);

        var (configMaps, secrets) = ConfigReferences.Names(pod.Spec);

        Assert.Equal(["app", "files"], configMaps.Order());
        Assert.Equal(["creds"], secrets);
        Assert.False(ConfigReferences.Any(Pod(c => c.Env = [new EnvVar { Name = "C", Value = "plain" }]).Spec));
    }

    [Fact]
    public void MissingConfigMap_InEnv_IsCreateContainerConfigError_RetriedEachSync_UntilItExists()
    {
        var run = Run(Pod(ConfigMapKey("app", "mode")));

        Assert.False(run.WantsConfig(At(4.9)));
        Assert.True(run.WantsConfig(At(5)));
        run.UseConfig(ConfigObjects.None);
        Assert.True(run.Advance(At(5)));

        var app = run.Status.ContainerStatuses![0];
        Assert.Equal(PodPhase.Pending, run.Status.Phase);
        Assert.Equal("CreateContainerConfigError", app.State!.Waiting!.Reason);
        Assert.Equal("configmap \"app\" not found", app.State.Waiting.Message);
        Assert.Equal("", app.ContainerID ?? "");
        Assert.Equal([new KubeletEvent("Warning", "Failed", "Error: configmap \"app\" not found")], run.TakeEvents());
        Assert.Equal(At(15), run.NextDue);

        // Still missing at the next sync: the same waiting state, another Failed event.
        Assert.True(run.WantsConfig(At(15)));
        Assert.False(run.Advance(At(15)));
        Assert.Equal(["Failed"], run.TakeEvents().Select(e => e.Reason));

        // Created: the next sync starts the container, not counted as a restart.
        run.UseConfig(Objects(ConfigMap("app", "mode")));
        Assert.True(run.Advance(At(25)));
        Assert.Equal(PodPhase.Running, run.Status.Phase);
        Assert.Equal(At(25), run.Status.ContainerStatuses![0].State!.Running!.StartedAt);
        Assert.Equal(0, run.Status.ContainerStatuses[0].RestartCount);
        Assert.Equal(["Pulled", "Created", "Started"], run.TakeEvents().Select(e => e.Reason));
        Assert.False(run.WantsConfig(At(1000)));
    }

    [Fact]
    public void MissingSecretVolume_KeepsThePodContainerCreating_WithFailedMount_OnTheVolumeBackOff()
    {
        var run = Run(Pod(volumes: [new Volume { Name = "tls", Secret = new SecretVolumeSource { SecretName = "cert" } }]));
        var retries = new List<DateTimeOffset>();

        run.UseConfig(ConfigObjects.None);
        var now = At(5);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(run.WantsConfig(now));
            run.Advance(now);
            Assert.Equal("ContainerCreating", run.Status.ContainerStatuses![0].State!.Waiting!.Reason);
            Assert.Equal([new KubeletEvent("Warning", "FailedMount", "MountVolume.SetUp failed for volume \"tls\" : secret \"cert\" not found")], run.TakeEvents());
            now = run.NextDue!.Value;
            retries.Add(now);
        }

        Assert.Equal([At(5.5), At(6.5), At(8.5), At(12.5)], retries);

        run.UseConfig(Objects(Secret("cert", "tls.crt")));
        Assert.True(run.Advance(now));
        Assert.Equal(PodPhase.Running, run.Status.Phase);
        Assert.Equal(At(12.5), run.Status.ContainerStatuses![0].State!.Running!.StartedAt);
    }

    [Fact]
    public void UnboundClaimVolume_KeepsThePodContainerCreating_UntilTheClaimIsBound()
    {
        var run = Run(Pod(volumes: [new Volume { Name = "data", PersistentVolumeClaim = new PersistentVolumeClaimVolumeSource { ClaimName = "data-web-0" } }]));
        var claim = new PersistentVolumeClaim { Metadata = new ObjectMeta { Name = "data-web-0", Namespace = "default" }, Spec = new PersistentVolumeClaimSpec(), Status = new PersistentVolumeClaimStatus { Phase = PersistentVolumeClaimPhase.Pending } };

        Assert.True(run.WantsConfig(At(5)));
        run.UseConfig(ConfigObjects.Of([], [], [claim], "default"));
        run.Advance(At(5));
        Assert.Equal("ContainerCreating", run.Status.ContainerStatuses![0].State!.Waiting!.Reason);
        Assert.Equal(
            [new KubeletEvent("Warning", "FailedMount", "Unable to attach or mount volumes: unmounted volumes=[data]: error processing PVC default/data-web-0: PVC default/data-web-0 is not bound")],
            run.TakeEvents());

        var bound = claim with { Spec = new PersistentVolumeClaimSpec { VolumeName = "pvc-1" }, Status = new PersistentVolumeClaimStatus { Phase = PersistentVolumeClaimPhase.Bound } };
        run.UseConfig(ConfigObjects.Of([], [], [bound], "default"));
        Assert.True(run.Advance(run.NextDue!.Value));
        Assert.Equal(PodPhase.Running, run.Status.Phase);
    }

    [Fact]
    public void Restart_OfAContainerWhoseConfigMapWasDeleted_WaitsInCreateContainerConfigError_ThenCountsOneRestart()
    {
        var run = Run(Pod(EnvFromConfigMap("app")), new WorkloadBehaviour { StartDelay = TimeSpan.FromSeconds(5), RunFor = TimeSpan.FromSeconds(10), ExitCode = 1 });
        run.UseConfig(Objects(ConfigMap("app", "a")));
        run.Advance(At(5));
        Assert.Equal(PodPhase.Running, run.Status.Phase);

        // It exits at 15 and would restart at once; its ConfigMap is gone by then.
        Assert.True(run.WantsConfig(At(15)));
        run.UseConfig(ConfigObjects.None);
        run.Advance(At(15));
        var app = run.Status.ContainerStatuses![0];
        Assert.Equal("CreateContainerConfigError", app.State!.Waiting!.Reason);
        Assert.Equal(0, app.RestartCount);
        Assert.Equal(1, app.LastState!.Terminated!.ExitCode);

        run.UseConfig(Objects(ConfigMap("app")));
        run.Advance(At(25));
        app = run.Status.ContainerStatuses![0];
        Assert.Equal(At(25), app.State!.Running!.StartedAt);
        Assert.Equal(1, app.RestartCount);
    }

    [Fact]
    public void PodNamingNothing_NeverAsksForConfig()
    {
        var run = Run(Pod(c => c.Env = [new EnvVar { Name = "A", Value = "1" }]));

        Assert.False(run.WantsConfig(At(5)));
        run.Advance(At(5));
        Assert.Equal(PodPhase.Running, run.Status.Phase);
    }
}
