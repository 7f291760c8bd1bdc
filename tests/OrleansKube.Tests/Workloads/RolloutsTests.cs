using OrleansKube.Control.Workloads.Deployments;

namespace OrleansKube.Tests.Workloads;

public class RolloutsTests
{
    public sealed record StatusCase(string Sentence, long Generation, DeploymentStatus Status, string Message, bool Done)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<StatusCase> StatusCases() =>
    [
        new StatusCase("an unobserved generation waits", 2, new() { ObservedGeneration = 1 }, "Waiting for deployment spec update to be observed...", false),
        new StatusCase("too few updated replicas wait", 1, new() { ObservedGeneration = 1, UpdatedReplicas = 1, Replicas = 4 }, "Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated...", false),
        new StatusCase("old replicas still there wait", 1, new() { ObservedGeneration = 1, UpdatedReplicas = 3, Replicas = 5 }, "Waiting for deployment \"web\" rollout to finish: 2 old replicas are pending termination...", false),
        new StatusCase("unavailable updated replicas wait", 1, new() { ObservedGeneration = 1, UpdatedReplicas = 3, Replicas = 3, AvailableReplicas = 2 }, "Waiting for deployment \"web\" rollout to finish: 2 of 3 updated replicas are available...", false),
        new StatusCase("all updated and available is done", 1, new() { ObservedGeneration = 1, UpdatedReplicas = 3, Replicas = 3, AvailableReplicas = 3 }, "deployment \"web\" successfully rolled out", true),
    ];

    [Theory]
    [MemberData(nameof(StatusCases))]
    public void Status_WordsTheWaitAsKubectl(StatusCase c)
    {
        var d = new Deployment { Metadata = new ObjectMeta { Name = "web", Generation = c.Generation }, Spec = new DeploymentSpec { Replicas = 3 }, Status = c.Status };

        Assert.Equal((c.Message, c.Done, (string?)null), Rollouts.Status(d));
    }

    [Fact]
    public void Status_PastTheProgressDeadline_IsAnError()
    {
        var d = new Deployment
        {
            Metadata = new ObjectMeta { Name = "web", Generation = 1 },
            Spec = new DeploymentSpec { Replicas = 3 },
            Status = new DeploymentStatus { ObservedGeneration = 1, Conditions = [new DeploymentCondition { Type = "Progressing", Status = ConditionStatus.False, Reason = "ProgressDeadlineExceeded" }] },
        };

        Assert.Equal("deployment \"web\" exceeded its progress deadline", Rollouts.Status(d).Error);
    }

    [Fact]
    public async Task Undo_WithoutRevision_TakesThePreviousTemplateAndItsChangeCause()
    {
        var world = new DeploymentWorld(1);
        world.Edit(s => s.Template = DeploymentWorld.Template("nginx:1.26"));
        await world.RolloutAsync();
        var first = world.NewSet;
        world.Api.Put(first with { Metadata = first.Metadata with { Annotations = new(first.Metadata.Annotations!) { [DeploymentAnnotations.ChangeCause] = "v1" } } });
        world.Edit(s => s.Template = DeploymentWorld.Template("nginx:1.27"));
        await world.RolloutAsync();

        var (rolledBack, skipped) = Rollouts.Undo(world.Deployment, world.Sets, 0);

        Assert.Null(skipped);
        Assert.Equal("nginx:1.26", rolledBack!.Spec!.Template!.Spec!.Containers[0].Image);
        Assert.False(rolledBack.Spec.Template.Metadata!.Labels!.ContainsKey(PodTemplateHash.Label));
        Assert.Equal("v1", rolledBack.Metadata.Annotations![DeploymentAnnotations.ChangeCause]);
        Assert.Equal("2", rolledBack.Metadata.Annotations[DeploymentAnnotations.Revision]); // the controller moves it, not kubectl
        Assert.Equal(
            "no rollout history found for deployment \"web\"",
            Assert.Throws<InvalidOperationException>(() => Rollouts.Undo(world.Deployment, [], 0)).Message);
        Assert.Equal(
            "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
            Assert.Throws<InvalidOperationException>(() => Rollouts.Undo(world.Deployment with { Spec = world.Deployment.Spec! with { Paused = true } }, world.Sets, 0)).Message);
    }
}
