using OrleansKube.Control.Workloads.Deployments;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Tests.Workloads;

/// <summary>
/// A Deployment with its ReplicaSets in a recording API: passes of the reconciler, and the ReplicaSet controller's
/// effect played by hand (pods created or removed as sets are scaled, turning available when told).
/// </summary>
internal sealed class DeploymentWorld
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    public DeploymentWorld(int replicas, string image = "nginx:1.26", DeploymentStrategy? strategy = null, int? revisionHistoryLimit = 10, int? progressDeadlineSeconds = 600)
    {
        Api.Put(new Deployment
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "default", Uid = "uid-web", Generation = 1 },
            Spec = new DeploymentSpec
            {
                Replicas = replicas,
                Selector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } },
                Template = Template(image),
                Strategy = strategy ?? new DeploymentStrategy { Type = DeploymentStrategyType.RollingUpdate, RollingUpdate = new RollingUpdateDeployment { MaxSurge = "25%", MaxUnavailable = "25%" } },
                RevisionHistoryLimit = revisionHistoryLimit,
                ProgressDeadlineSeconds = progressDeadlineSeconds,
            },
        });
    }

    public RecordingObjectControl Api { get; } = new(Start);

    public Dictionary<string, int> PodsLeft { get; } = [];

    public Deployment Deployment => Api.Get<Deployment>("web");

    public IReadOnlyList<ReplicaSet> Sets => [.. Api.All<ReplicaSet>()];

    public ReplicaSet NewSet => Sets.Single(rs => PodTemplateHash.EqualIgnoringHash(rs.Spec!.Template, Deployment.Spec!.Template));

    public static PodTemplateSpec Template(string image) => new()
    {
        Metadata = new ObjectMeta { Labels = new() { ["app"] = "web" } },
        Spec = new PodSpec { Containers = [new Container { Name = "web", Image = image }] },
    };

    public async Task<DeploymentSync> PassAsync()
    {
        var sync = await new DeploymentReconciler(Api).SyncAsync(Deployment, Sets, rs => PodsLeft.GetValueOrDefault(rs.Metadata.Name!), Api.Now);
        Assert.Same(sync.Deployment, Deployment);
        return sync;
    }

    /// <summary>A user's change of the spec (generation moves, as the API server does).</summary>
    public void Edit(Action<DeploymentSpec> edit)
    {
        var d = KubeJson.Clone(Deployment);
        edit(d.Spec!);
        d.Metadata.Generation++;
        Api.Put(d);
    }

    /// <summary>The ReplicaSet controller's pass: pods follow each set's replicas; new pods are available only if <paramref name="available"/>.</summary>
    public void Observe(bool available)
    {
        foreach (var rs in Sets)
        {
            var replicas = rs.Spec!.Replicas ?? 0;
            var was = rs.Status?.AvailableReplicas ?? 0;
            var copy = KubeJson.Clone(rs);
            copy.Status = new ReplicaSetStatus
            {
                Replicas = replicas,
                ReadyReplicas = available ? replicas : Math.Min(was, replicas),
                AvailableReplicas = available ? replicas : Math.Min(was, replicas),
                ObservedGeneration = rs.Metadata.Generation,
            };
            Api.Put(copy);
        }
    }

    /// <summary>Pods existing now: each set's replicas (a scale-down removes pods at once here).</summary>
    public int TotalPods => Sets.Sum(rs => rs.Spec!.Replicas ?? 0);

    /// <summary>Pods available now: those of a set that were available and not scaled away.</summary>
    public int AvailablePods => Sets.Sum(rs => Math.Min(rs.Spec!.Replicas ?? 0, rs.Status?.AvailableReplicas ?? 0));

    public async Task RolloutAsync(int maxPasses = 50)
    {
        for (var i = 0; i < maxPasses && !DeploymentConditions.IsComplete(Deployment, Deployment.Status); i++)
        {
            await PassAsync();
            Observe(available: true);
            Api.Now += TimeSpan.FromSeconds(1);
        }

        await PassAsync();
        Assert.True(DeploymentConditions.IsComplete(Deployment, Deployment.Status), "the rollout completes");
    }
}
