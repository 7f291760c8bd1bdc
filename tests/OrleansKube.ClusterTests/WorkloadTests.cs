using OrleansKube.Control.Workloads.Deployments;
using OrleansKube.Model.Apps;
using OrleansKube.Model.Resources;

namespace OrleansKube.ClusterTests;

public sealed class WorkloadTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    internal static Deployment Deployment(string ns, string name, int replicas, string image = "nginx:1.27") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new DeploymentSpec
        {
            Replicas = replicas,
            Selector = new LabelSelector { MatchLabels = new() { ["app"] = name } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new() { ["app"] = name } },
                Spec = new PodSpec
                {
                    TerminationGracePeriodSeconds = 0,
                    Containers = [new Container { Name = "web", Image = image, Resources = new ResourceRequirements { Requests = new() { ["cpu"] = Quantity.Parse("100m") } } }],
                },
            },
        },
    };

    /// <summary>Deletes the test's namespace and lets its pods go: the fixture's nodes hold 10 pods each, and the class's other tests need room.</summary>
    internal static async Task CleanUpAsync(ClusterFixture cluster, string ns)
    {
        await cluster.Api.DeleteAsync("namespaces", null, ns);
        await cluster.AdvanceUntilAsync(async () => (await ListAsync<Pod>(cluster, ns)).Count == 0, $"namespace {ns} is emptied");
    }

    internal static async Task<List<T>> ListAsync<T>(ClusterFixture cluster, string ns, string? selector = null) =>
        [.. (await cluster.Api.ListAsync(new ListQuery(typeof(T).Name, ns, selector))).Cast<T>()];

    internal static async Task<Deployment> GetDeploymentAsync(ClusterFixture cluster, string ns, string name) =>
        (Deployment)(await cluster.Api.GetAsync("Deployment", ns, name))!;

    [Fact]
    public async Task Deployment_Applied_RunsItsReplicasThroughAReplicaSet()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "deploy");
        await cluster.Api.ApplyAsync([Deployment(ns, "web", 4)], ApplyMode.Apply);

        await cluster.AdvanceUntilAsync(async () => (await GetDeploymentAsync(cluster, ns, "web")).Status?.AvailableReplicas == 4, "4 replicas are available");

        var rs = Assert.Single(await ListAsync<ReplicaSet>(cluster, ns));
        Assert.StartsWith("web-", rs.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal((4, 4, 4), (rs.Status!.Replicas, rs.Status.ReadyReplicas, rs.Status.AvailableReplicas));
        var pods = await ListAsync<Pod>(cluster, ns);
        Assert.Equal(4, pods.Count);
        Assert.All(pods, p => Assert.Equal(PodPhase.Running, p.Status!.Phase));
        Assert.All(pods, p => Assert.Equal(rs.Metadata.Uid, p.Metadata.OwnerReferences!.Single().Uid));
        var d = await GetDeploymentAsync(cluster, ns, "web");
        Assert.Equal("1", d.Metadata.Annotations![DeploymentAnnotations.Revision]);
        Assert.Contains(d.Status!.Conditions!, c => c.Type == "Available" && c.Status == ConditionStatus.True);

        await CleanUpAsync(cluster, ns);
    }

    [Fact]
    public async Task ReplicaSet_ScaledDownBeforeItsPodsRun_DeletesTheUnscheduledPod_NotTheBoundOne()
    {
        // small-1 and small-2 are nearly full: of two 1.5-cpu replicas one binds to small-3, the other fits nowhere.
        var ns = await Helpers.CreateNamespaceAsync(cluster, "rank");
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "fill-1", cpu: "1500m", nodeName: "small-1"), Helpers.Pod(ns, "fill-2", cpu: "1500m", nodeName: "small-2")], ApplyMode.Apply);
        await cluster.AdvanceAsync(ClusterFixture.PodStartDelay);
        ReplicaSet Rs(int replicas) => new()
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = ns },
            Spec = new ReplicaSetSpec
            {
                Replicas = replicas,
                Selector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } },
                Template = new PodTemplateSpec
                {
                    Metadata = new ObjectMeta { Labels = new() { ["app"] = "web" } },
                    Spec = new PodSpec
                    {
                        TerminationGracePeriodSeconds = 0,
                        Containers = [new Container { Name = "web", Image = "nginx:1.27", Resources = new ResourceRequirements { Requests = new() { ["cpu"] = Quantity.Parse("1500m") } } }],
                    },
                },
            },
        };
        await cluster.Api.ApplyAsync([Rs(2)], ApplyMode.Apply);
        await cluster.HoldsAsync(async () => (await ListAsync<Pod>(cluster, ns, "app=web")) is { Count: 2 } pods
            && pods.Count(p => p.Spec.NodeName == "small-3") == 1
            && pods.Count(p => p.Status?.Conditions?.Any(c => c is { Type: "PodScheduled", Status: ConditionStatus.False }) == true) == 1,
            "one replica bound to small-3 (still starting), the other unschedulable");

        // Bound but not yet Running: upstream ranks an unassigned pod first for deletion.
        await cluster.Api.ApplyAsync([Rs(1)], ApplyMode.Apply);
        await cluster.HoldsAsync(async () => (await ListAsync<Pod>(cluster, ns, "app=web")).Count == 1, "scaled down to 1 pod");

        Assert.Equal("small-3", Assert.Single(await ListAsync<Pod>(cluster, ns, "app=web")).Spec.NodeName);
        await CleanUpAsync(cluster, ns);
    }

    [Fact]
    public async Task Deployment_ScaledAndUpdated_RollsToTheNewImageAndCleansUpOnDelete()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "rollout");
        await cluster.Api.ApplyAsync([Deployment(ns, "api", 3)], ApplyMode.Apply);
        await cluster.AdvanceUntilAsync(async () => (await GetDeploymentAsync(cluster, ns, "api")).Status?.AvailableReplicas == 3, "3 replicas are available");

        await cluster.Api.ApplyAsync([Deployment(ns, "api", 2)], ApplyMode.Apply);
        await cluster.AdvanceUntilAsync(async () => (await ListAsync<Pod>(cluster, ns)).Count == 2, "scaled down to 2 pods");

        await cluster.Api.ApplyAsync([Deployment(ns, "api", 2, image: "busybox:1.36")], ApplyMode.Apply);
        await cluster.AdvanceUntilAsync(async () => DeploymentConditions.IsComplete(await GetDeploymentAsync(cluster, ns, "api"), (await GetDeploymentAsync(cluster, ns, "api")).Status)
                && (await ListAsync<Pod>(cluster, ns)).Count == 2,
            "the rollout completes");

        var pods = await ListAsync<Pod>(cluster, ns);
        Assert.All(pods, p => Assert.Equal("busybox:1.36", p.Spec.Containers[0].Image));
        var sets = await ListAsync<ReplicaSet>(cluster, ns);
        Assert.Equal(2, sets.Count);
        Assert.Equal([0, 2], sets.Select(rs => rs.Spec!.Replicas ?? 0).Order());
        Assert.Equal("2", (await GetDeploymentAsync(cluster, ns, "api")).Metadata.Annotations![DeploymentAnnotations.Revision]);

        await cluster.Api.DeleteAsync("deployments", ns, "api");
        await cluster.AdvanceUntilAsync(async () => (await ListAsync<ReplicaSet>(cluster, ns)).Count == 0 && (await ListAsync<Pod>(cluster, ns)).Count == 0, "its ReplicaSets and pods are gone");

        await CleanUpAsync(cluster, ns);
    }

    [Fact]
    public async Task ReplicaSet_PodDeletedByHand_IsReplaced()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "replace");
        var d = Deployment(ns, "cache", 2);
        var rs = new ReplicaSet { Metadata = new ObjectMeta { Name = "cache", Namespace = ns }, Spec = new ReplicaSetSpec { Replicas = 2, Selector = d.Spec!.Selector, Template = d.Spec.Template } };
        await cluster.Api.ApplyAsync([rs], ApplyMode.Apply);
        await cluster.AdvanceUntilAsync(async () => (await ListAsync<Pod>(cluster, ns)).Count(p => p.Status?.Phase == PodPhase.Running) == 2, "2 pods run");
        var victim = (await ListAsync<Pod>(cluster, ns))[0].Metadata.Name!;

        await cluster.Api.DeleteAsync("pods", ns, victim);

        await cluster.AdvanceUntilAsync(async () => await ListAsync<Pod>(cluster, ns) is { Count: 2 } pods && pods.All(p => p.Metadata.Name != victim && p.Status?.Phase == PodPhase.Running),
            "a replacement runs");
        var events = await ListAsync<Event>(cluster, ns);
        Assert.Equal(3, events.Count(e => e.Reason == "SuccessfulCreate" && e.Source?.Component == "replicaset-controller"));

        await CleanUpAsync(cluster, ns);
    }

    [Fact]
    public async Task Okctl_SetImageRolloutStatusHistoryAndUndo_WorkAsKubectl()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "okctl-rollout");
        var example = Path.Combine(AppContext.BaseDirectory, "examples", "deployment.yaml");
        Assert.Equal(0, (await Helpers.OkctlAsync(cluster, "apply", "-f", example, "-n", ns)).Exit);
        const string name = "nginx-deployment";
        async Task<bool> RolledOutAsync() => Rollouts.Status(await GetDeploymentAsync(cluster, ns, name)).Done;
        await cluster.AdvanceUntilAsync(RolledOutAsync, "the first rollout completes");

        var set = await Helpers.OkctlAsync(cluster, "set", "image", $"deployment/{name}", "nginx=nginx:1.28", "-n", ns);
        Assert.Equal((0, $"deployment.apps/{name} image updated\n"), (set.Exit, set.Out));
        var waiting = await Helpers.OkctlAsync(cluster, "rollout", "status", $"deployment/{name}", "--watch=false", "-n", ns);
        Assert.StartsWith("Waiting for", waiting.Out, StringComparison.Ordinal);
        await cluster.AdvanceUntilAsync(async () => await RolledOutAsync() && (await ListAsync<Pod>(cluster, ns)).Count == 3, "the second rollout completes");

        var status = await Helpers.OkctlAsync(cluster, "rollout", "status", $"deployment/{name}", "-n", ns);
        Assert.Equal((0, $"deployment \"{name}\" successfully rolled out\n"), (status.Exit, status.Out));
        var history = await Helpers.OkctlAsync(cluster, "rollout", "history", $"deployment/{name}", "-n", ns);
        Assert.Equal($"deployment.apps/{name}\nREVISION  CHANGE-CAUSE\n1         first release: nginx 1.27\n2         first release: nginx 1.27\n\n", history.Out);
        Assert.All(await ListAsync<Pod>(cluster, ns), p => Assert.Equal("nginx:1.28", p.Spec.Containers[0].Image));

        var undo = await Helpers.OkctlAsync(cluster, "rollout", "undo", $"deployment/{name}", "-n", ns);
        Assert.Equal((0, $"deployment.apps/{name} rolled back\n"), (undo.Exit, undo.Out));
        await cluster.AdvanceUntilAsync(async () => await RolledOutAsync() && await ListAsync<Pod>(cluster, ns) is { Count: 3 } pods && pods.All(p => p.Spec.Containers[0].Image == "nginx:1.27"),
            "the rollback completes with the old image");
        Assert.Equal("3", (await GetDeploymentAsync(cluster, ns, name)).Metadata.Annotations![DeploymentAnnotations.Revision]);

        var again = await Helpers.OkctlAsync(cluster, "rollout", "undo", $"deployment/{name}", "--to-revision", "3", "-n", ns);
        Assert.Equal($"deployment.apps/{name} skipped rollback (current template already matches revision 3)\n", again.Out);
        var missing = await Helpers.OkctlAsync(cluster, "rollout", "undo", $"deployment/{name}", "--to-revision", "9", "-n", ns);
        Assert.Equal((1, "error: unable to find specified revision 9 in history\n"), (missing.Exit, missing.Err));

        var describe = (await Helpers.OkctlAsync(cluster, "describe", "deployment", name, "-n", ns)).Out;
        Assert.Contains("Replicas:         3 desired | 3 updated | 3 total | 3 available | 0 unavailable\n", describe, StringComparison.Ordinal);
        Assert.Contains("RollingUpdateStrategy: 25% max unavailable, 25% max surge\n", describe, StringComparison.Ordinal);
        Assert.Matches(@"NewReplicaSet: +nginx-deployment-[a-z0-9]+ \(3/3 replicas created\)", describe);
        Assert.Matches(@"Normal +ScalingReplicaSet +\d+s +deployment-controller +Scaled up replica set nginx-deployment-[a-z0-9]+ to 1 from 0", describe);

        await CleanUpAsync(cluster, ns);
    }

    [Fact]
    public async Task Okctl_ScalePauseResumeAndGet_PrintAsKubectl()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "okctl-scale");
        await cluster.Api.ApplyAsync([Deployment(ns, "web", 1)], ApplyMode.Apply);

        var scale = await Helpers.OkctlAsync(cluster, "scale", "deployment", "web", "--replicas", "3", "-n", ns);
        Assert.Equal("deployment.apps/web scaled\n", scale.Out);
        await cluster.AdvanceUntilAsync(async () => (await GetDeploymentAsync(cluster, ns, "web")).Status?.AvailableReplicas == 3, "3 replicas are available");

        var get = await Helpers.OkctlAsync(cluster, "get", "deploy", "-n", ns);
        Assert.Matches(@"^NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    3/3     3            3           \d+s\n$", get.Out);
        var rs = await Helpers.OkctlAsync(cluster, "get", "rs", "-n", ns);
        Assert.Matches(@"^NAME +DESIRED   CURRENT   READY   AGE\nweb-[a-z0-9]+ +3 +3 +3 +\d+s\n$", rs.Out);

        Assert.Equal("deployment.apps/web paused\n", (await Helpers.OkctlAsync(cluster, "rollout", "pause", "deployment/web", "-n", ns)).Out);
        Assert.Equal("error: deployments.apps \"web\" is already paused\n", (await Helpers.OkctlAsync(cluster, "rollout", "pause", "deployment/web", "-n", ns)).Err);
        Assert.Equal("deployment.apps/web resumed\n", (await Helpers.OkctlAsync(cluster, "rollout", "resume", "deployment/web", "-n", ns)).Out);
        var restart = await Helpers.OkctlAsync(cluster, "rollout", "restart", "deployment/web", "-n", ns);
        Assert.Equal("deployment.apps/web restarted\n", restart.Out);
        Assert.NotNull((await GetDeploymentAsync(cluster, ns, "web")).Spec!.Template!.Metadata!.Annotations!["kubectl.kubernetes.io/restartedAt"]);

        var bad = await Helpers.OkctlAsync(cluster, "scale", "pod", "web", "--replicas", "3", "-n", ns);
        Assert.Equal((1, "error: no scaler has been implemented for {\"v1\" \"Pod\"}\n"), (bad.Exit, bad.Err));

        await CleanUpAsync(cluster, ns);
    }

    [Theory]
    [InlineData("jobs/oneshot.yaml", "oneshot", 1)]
    [InlineData("jobs/parallel.yaml", "parallel", 10)]
    public async Task Okctl_SeedJobExamples_CompleteWithTheRightCounts(string file, string name, int completions)
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "jobs");
        Assert.Equal(0, (await Helpers.OkctlAsync(cluster, "apply", "-f", Path.Combine(AppContext.BaseDirectory, "examples", file), "-n", ns)).Exit);
        var maxActive = 0;

        await cluster.AdvanceUntilAsync(async () =>
            {
                var job = (Model.Batch.Job)(await cluster.Api.GetAsync("Job", ns, name))!;
                maxActive = Math.Max(maxActive, job.Status?.Active ?? 0);
                return job.Status?.CompletionTime is not null;
            },
            $"job {name} completes");

        var done = (Model.Batch.Job)(await cluster.Api.GetAsync("Job", ns, name))!;
        Assert.Equal((completions, 0, 0), (done.Status!.Succeeded, done.Status.Failed, done.Status.Active));
        Assert.True(maxActive <= (done.Spec!.Parallelism ?? 1), $"at most parallelism pods were active ({maxActive})");
        var pods = await ListAsync<Pod>(cluster, ns, $"job-name={name}");
        Assert.Equal(completions, pods.Count(p => p.Status?.Phase == PodPhase.Succeeded));
        var get = await Helpers.OkctlAsync(cluster, "get", "jobs", "-n", ns);
        Assert.Matches($@"^NAME +STATUS +COMPLETIONS +DURATION +AGE\n{name} +Complete +{completions}/{completions} +\d+s +\d+s\n$", get.Out);

        await CleanUpAsync(cluster, ns);
    }

    [Theory]
    [InlineData("background")]
    [InlineData("foreground")]
    [InlineData("orphan")]
    public async Task Okctl_DeleteDeploymentWithCascade_TreatsItsReplicaSetsAndPodsAsKubectl(string cascade)
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "cascade-" + cascade);
        await cluster.Api.ApplyAsync([Deployment(ns, "web", 2)], ApplyMode.Apply);
        await cluster.AdvanceUntilAsync(async () => (await GetDeploymentAsync(cluster, ns, "web")).Status?.AvailableReplicas == 2, "2 replicas are available");

        var delete = await Helpers.OkctlAsync(cluster, "delete", "deployment", "web", "--cascade", cascade, "--wait=false", "-n", ns);
        Assert.Equal((0, "deployment.apps \"web\" deleted\n"), (delete.Exit, delete.Out));

        if (cascade == "foreground")
        {
            // Marked, and held by its ReplicaSet (blockOwnerDeletion) until that is gone.
            var marked = await GetDeploymentAsync(cluster, ns, "web");
            Assert.NotNull(marked.Metadata.DeletionTimestamp);
            Assert.Equal(["foregroundDeletion"], marked.Metadata.Finalizers!);
        }

        await cluster.AdvanceUntilAsync(async () => await cluster.Api.GetAsync("Deployment", ns, "web") is null, "the deployment is gone");
        if (cascade == "orphan")
        {
            await cluster.AdvanceUntilAsync(async () => (await ListAsync<ReplicaSet>(cluster, ns)).All(rs => rs.Metadata.OwnerReferences is null), "the ReplicaSet is orphaned");
            var rs = Assert.Single(await ListAsync<ReplicaSet>(cluster, ns));
            Assert.Equal(2, (await ListAsync<Pod>(cluster, ns)).Count(p => p.Metadata.OwnerReferences!.Single().Uid == rs.Metadata.Uid));
        }
        else
        {
            await cluster.AdvanceUntilAsync(async () => (await ListAsync<ReplicaSet>(cluster, ns)).Count == 0 && (await ListAsync<Pod>(cluster, ns)).Count == 0, "its ReplicaSet and pods are gone");
        }

        var bad = await Helpers.OkctlAsync(cluster, "delete", "deployment", "web", "--cascade", "sideways", "-n", ns);
        Assert.Equal((1, "error: invalid cascade value (sideways). Must be \"background\", \"foreground\", or \"orphan\"\n"), (bad.Exit, bad.Err));

        await CleanUpAsync(cluster, ns);
    }

    [Fact]
    public async Task CronJob_EveryMinute_StartsJobsThatCompleteAndOkctlListsIt()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "cron");
        var cronJob = new Model.Batch.CronJob
        {
            Metadata = new ObjectMeta { Name = "tick", Namespace = ns },
            Spec = new Model.Batch.CronJobSpec
            {
                Schedule = "* * * * *",
                JobTemplate = new Model.Batch.JobTemplateSpec
                {
                    Spec = new Model.Batch.JobSpec
                    {
                        Template = new PodTemplateSpec
                        {
                            Metadata = new ObjectMeta { Annotations = new() { ["sim.orleanskube.io/run-seconds"] = "5" } },
                            Spec = new PodSpec { RestartPolicy = RestartPolicy.Never, Containers = [new Container { Name = "c", Image = "busybox:1.36" }] },
                        },
                    },
                },
            },
        };
        await cluster.Api.ApplyAsync([cronJob], ApplyMode.Apply);

        await cluster.AdvanceUntilAsync(async () => (await ListAsync<Model.Batch.Job>(cluster, ns)).Any(j => j.Status?.CompletionTime is not null),
            "a scheduled job completes");

        var job = (await ListAsync<Model.Batch.Job>(cluster, ns)).First(j => j.Status?.CompletionTime is not null);
        Assert.StartsWith("tick-", job.Metadata.Name, StringComparison.Ordinal);
        var stored = (Model.Batch.CronJob)(await cluster.Api.GetAsync("CronJob", ns, "tick"))!;
        Assert.NotNull(stored.Status!.LastScheduleTime);
        var get = await Helpers.OkctlAsync(cluster, "get", "cronjobs", "-n", ns);
        Assert.Matches(@"^NAME +SCHEDULE +TIMEZONE +SUSPEND +ACTIVE +LAST SCHEDULE +AGE\ntick +\* \* \* \* \* +<none> +False +[01] +\d+s +\d+s\n$", get.Out);

        // A new object: the one applied above is shared with the silo (objects cross grains of a process uncopied).
        var bad = cronJob with { Metadata = new ObjectMeta { Name = "bad", Namespace = ns }, Spec = cronJob.Spec with { Schedule = "61 * * * *" } };
        var refused = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.ApplyAsync([bad], ApplyMode.Apply));
        Assert.Equal("CronJob \"bad\" is invalid: spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61", refused.Message);
        Assert.Null(await cluster.Api.GetAsync("CronJob", ns, "bad"));

        await CleanUpAsync(cluster, ns);
    }
}
