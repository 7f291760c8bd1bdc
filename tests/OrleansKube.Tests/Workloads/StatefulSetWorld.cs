using System.Globalization;
using OrleansKube.Control.Workloads;
using OrleansKube.Control.Workloads.StatefulSets;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Tests.Workloads;

/// <summary>
/// A StatefulSet, the recording API its controller writes to, and the steps a test takes between passes: pods turning
/// ready, failing, deleted by a user, their terminations finishing, the set scaled or given a new template. Deletes are
/// graceful (the pod is marked, and stays until <c>gone</c>), as the kubelet makes them. The controller's view (pods and
/// revisions) is the API's; the log leaves the revisions' writes out (<see cref="Revisions"/> shows them).
/// </summary>
public sealed class StatefulSetWorld
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    private readonly ControllerExpectations _expectations = new();

    public StatefulSetWorld(int replicas, PodManagementPolicyType policy = PodManagementPolicyType.OrderedReady, bool claims = true,
        PersistentVolumeClaimRetentionPolicyType whenScaled = PersistentVolumeClaimRetentionPolicyType.Retain,
        PersistentVolumeClaimRetentionPolicyType whenDeleted = PersistentVolumeClaimRetentionPolicyType.Retain)
    {
        Api = new GracefulControl(this);
        Recorder.Put(new StatefulSet
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "default", Uid = "uid-web", Generation = 1 },
            Spec = new StatefulSetSpec
            {
                Replicas = replicas,
                ServiceName = "web-headless",
                PodManagementPolicy = policy,
                Selector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } },
                Template = new PodTemplateSpec
                {
                    Metadata = new ObjectMeta { Labels = new() { ["app"] = "web" } },
                    Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "nginx:1" }] },
                },
                UpdateStrategy = new StatefulSetUpdateStrategy { Type = StatefulSetUpdateStrategyType.RollingUpdate, RollingUpdate = new RollingUpdateStatefulSetStrategy { Partition = 0 } },
                PersistentVolumeClaimRetentionPolicy = new StatefulSetPersistentVolumeClaimRetentionPolicy { WhenDeleted = whenDeleted, WhenScaled = whenScaled },
                VolumeClaimTemplates = claims
                    ?
                    [
                        new PersistentVolumeClaim
                        {
                            Metadata = new ObjectMeta { Name = "data", Labels = new() { ["tier"] = "storage" } },
                            Spec = new PersistentVolumeClaimSpec { AccessModes = [PersistentVolumeAccessMode.ReadWriteOnce], Resources = new VolumeResourceRequirements { Requests = new() { ["storage"] = Quantity.Parse("1Gi") } } },
                        },
                    ]
                    : null,
            },
        });
    }

    public RecordingObjectControl Recorder { get; } = new(Start);

    public IObjectControl Api { get; }

    public StatefulSet Set => Recorder.Get<StatefulSet>("web");

    public List<Pod> Pods => [.. Recorder.All<Pod>()];

    public Pod Pod(string name) => Recorder.Get<Pod>(name);

    /// <summary>The set's ControllerRevisions, as stored (the controller's view is the API's), oldest first.</summary>
    public List<ControllerRevision> Revisions => [.. Recorder.All<ControllerRevision>().OrderBy(r => r.Revision)];

    /// <summary>What each step did: the step, then the creates, deletes and claim updates it made.</summary>
    public List<string> Log { get; } = [];

    public async Task RunAsync(IEnumerable<string> steps)
    {
        foreach (var step in steps)
        {
            var before = Recorder.Calls.Count;
            await StepAsync(step);
            var writes = Recorder.Calls.Skip(before).Where(c => !c.StartsWith("status ", StringComparison.Ordinal) && !c.StartsWith("update Pod", StringComparison.Ordinal) && !c.EndsWith(" ControllerRevision", StringComparison.Ordinal) && !c.Contains(" ControllerRevision ", StringComparison.Ordinal));
            Log.Add($"{step}: {string.Join(", ", writes)}".TrimEnd());
        }
    }

    public async Task<StatefulSetSync> PassAsync()
    {
        var set = Set;
        var before = Pods.Select(p => p.Metadata.Name!).ToHashSet();
        var sync = await new StatefulSetReconciler(Api, _expectations).SyncAsync(set, Pods, Revisions, Recorder.Now);

        // The notifications of the pass's own writes, as the controller grain takes them.
        foreach (var pod in Pods.Where(p => !before.Contains(p.Metadata.Name!)))
        {
            _expectations.CreationObserved();
        }

        foreach (var pod in Pods.Where(p => p.Metadata.DeletionTimestamp is not null))
        {
            _expectations.DeletionObserved(pod.Metadata.Name!);
        }

        return sync;
    }

    private async Task StepAsync(string step)
    {
        var words = step.Split(' ');
        switch (words[0])
        {
            case "pass":
                await PassAsync();
                break;
            case "ready":
                foreach (var pod in Pods.Where(p => (words.Length == 1 || p.Metadata.Name == words[1]) && p.Metadata.DeletionTimestamp is null))
                {
                    Recorder.Put(pod with { Status = Running(ready: true) });
                }

                break;
            case "fail":
                Recorder.Put(Pod(words[1]) with { Status = new PodStatus { Phase = PodPhase.Failed } });
                break;
            case "delete":
                await Api.DeleteAsync(Pod(words[1]));
                break;
            case "gone":
                foreach (var pod in Pods.Where(p => p.Metadata.DeletionTimestamp is not null))
                {
                    Recorder.Objects.Remove(("Pod", pod.Metadata.Name!));
                }

                break;
            case "scale":
                Edit(spec => spec.Replicas = int.Parse(words[1], CultureInfo.InvariantCulture));
                break;
            case "image":
                Edit(spec => spec.Template!.Spec!.Containers[0].Image = words[1]);
                break;
            case "partition":
                Edit(spec => spec.UpdateStrategy!.RollingUpdate!.Partition = int.Parse(words[1], CultureInfo.InvariantCulture));
                break;
            case "history":
                Edit(spec => spec.RevisionHistoryLimit = int.Parse(words[1], CultureInfo.InvariantCulture));
                break;
            case "ondelete":
                Edit(spec => spec.UpdateStrategy = new StatefulSetUpdateStrategy { Type = StatefulSetUpdateStrategyType.OnDelete });
                break;
            default:
                throw new ArgumentException($"unknown step \"{step}\"", nameof(step));
        }
    }

    private void Edit(Action<StatefulSetSpec> edit)
    {
        var set = KubeJson.Clone(Set);
        edit(set.Spec!);
        set.Metadata.Generation++;
        Recorder.Put(set);
    }

    private static PodStatus Running(bool ready) => new()
    {
        Phase = PodPhase.Running,
        Conditions = [new PodCondition { Type = "Ready", Status = ready ? ConditionStatus.True : ConditionStatus.False, LastTransitionTime = Start }],
    };

    /// <summary>The recording API with graceful pod deletion: a deleted pod is marked and stays until the step <c>gone</c>.</summary>
    private sealed class GracefulControl(StatefulSetWorld world) : IObjectControl
    {
        private RecordingObjectControl Recorder => world.Recorder;

        public Task<KubeObject> CreateAsync(KubeObject obj) => Recorder.CreateAsync(obj);

        public Task<KubeObject> UpdateAsync(KubeObject obj) => Recorder.UpdateAsync(obj);

        public Task<KubeObject> UpdateStatusAsync(KubeObject obj) => Recorder.UpdateStatusAsync(obj);

        public Task<KubeObject?> GetAsync(KindInfo kind, string ns, string name) => Recorder.GetAsync(kind, ns, name);

        public Task DeleteAsync(KubeObject obj)
        {
            if (obj is not Pod pod)
            {
                return Recorder.DeleteAsync(obj);
            }

            Recorder.Calls.Add($"delete Pod {pod.Metadata.Name}");
            var stored = Recorder.Get<Pod>(pod.Metadata.Name!);
            Recorder.Put(stored with { Metadata = stored.Metadata with { DeletionTimestamp = Recorder.Now } });
            return Task.CompletedTask;
        }

        public void RecordEvent(KubeObject involved, string type, string reason, string message) => Recorder.RecordEvent(involved, type, reason, message);
    }
}
