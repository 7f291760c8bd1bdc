using System.Text.Json;
using OrleansKube.Control.Workloads.History;

namespace OrleansKube.Tests.Workloads;

/// <summary>A StatefulSet's ControllerRevisions as its controller keeps them (upstream's getStatefulSetRevisions and truncateHistory).</summary>
public class StatefulSetHistoryTests
{
    /// <summary>The steps taken on a one-replica set (see <see cref="StatefulSetWorld"/>), and its revisions after them: "number image", oldest first.</summary>
    public sealed record Case(string Sentence, string[] Steps, string[] Revisions)
    {
        public override string ToString() => Sentence;
    }

    // One replica rolled to a new image: its pod goes, comes back at the update revision, turns ready; the next pass makes that revision current.
    private static string[] Roll(string image) => [$"image {image}", "pass", "gone", "pass", "ready", "pass", "pass"];

    public static TheoryData<Case> Cases() =>
    [
        new Case("the first pass makes revision 1 of the template", ["pass"], ["1 nginx:1"]),
        new Case("a pass with the template unchanged makes no revision, whatever else changed", ["pass", "ready", "pass", "scale 3", "pass"], ["1 nginx:1"]),
        new Case("a new template is the next revision, and the first stays", ["pass", "image nginx:2", "pass"], ["1 nginx:1", "2 nginx:2"]),
        new Case("going back to an earlier template takes its revision back, numbered as the newest", ["pass", "image nginx:2", "pass", "image nginx:1", "pass"], ["2 nginx:2", "3 nginx:1"]),
        new Case("revisions past the history limit go, oldest first, once no pod is at them",
            ["history 1", "pass", "ready", "pass", .. Roll("nginx:2"), .. Roll("nginx:3"), .. Roll("nginx:4")], ["3 nginx:3", "4 nginx:4"]),
        new Case("a history limit of zero keeps only the revisions in use",
            ["history 0", "pass", "ready", "pass", .. Roll("nginx:2"), .. Roll("nginx:3")], ["3 nginx:3"]),
        new Case("the current revision stays while the update rolls out, whatever the limit",
            ["history 0", "pass", "ready", "pass", "image nginx:2", "pass", "image nginx:3", "pass"], ["1 nginx:1", "3 nginx:3"]),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Sync_Steps_LeaveTheHistoryUpstreamKeeps(Case c)
    {
        var world = new StatefulSetWorld(1, claims: false);

        await world.RunAsync(c.Steps);

        Assert.Equal(c.Revisions, world.Revisions.Select(r => $"{r.Revision} {ControllerHistory.TemplateOf(r)!.Spec!.Containers[0].Image}"));
    }

    [Fact]
    public async Task Sync_FirstPass_StoresTheTemplatePatchOwnedByTheSet_AndNamesItInTheStatusAndThePodsLabel()
    {
        var world = new StatefulSetWorld(1, claims: false);
        world.Recorder.Put(world.Set with { Metadata = world.Set.Metadata with { Annotations = new() { ["kubernetes.io/change-cause"] = "first" } } });

        await world.RunAsync(["pass"]);

        var revision = Assert.Single(world.Revisions);
        var hash = revision.Metadata.Labels![ControllerHistory.HashLabel];
        Assert.Equal(($"web-{hash}", 1L), (revision.Metadata.Name, revision.Revision));
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web", [ControllerHistory.HashLabel] = hash }, revision.Metadata.Labels);
        Assert.Equal("first", revision.Metadata.Annotations!["kubernetes.io/change-cause"]);
        var owner = Assert.Single(revision.Metadata.OwnerReferences!);
        Assert.Equal(("apps/v1", "StatefulSet", "web", "uid-web", true, true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        var template = revision.Data!.Value.GetProperty("spec").GetProperty("template");
        Assert.Equal(["spec"], revision.Data.Value.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("replace", "nginx:1"), (template.GetProperty("$patch").GetString(), template.GetProperty("spec").GetProperty("containers")[0].GetProperty("image").GetString()));
        Assert.Equal((revision.Metadata.Name, revision.Metadata.Name), (world.Set.Status!.CurrentRevision, world.Set.Status.UpdateRevision));
        Assert.Equal(revision.Metadata.Name, world.Pod("web-0").Metadata.Labels!["controller-revision-hash"]);
    }

    [Fact]
    public async Task Sync_Rollback_RenumbersTheEarlierRevision_AndRollsThePodsBackToIt()
    {
        var world = new StatefulSetWorld(2, claims: false);
        await world.RunAsync(["pass", "ready", "pass", "ready", "pass"]);
        var first = world.Set.Status!.CurrentRevision;
        await world.RunAsync(["image nginx:2", "pass", "gone", "pass", "ready", "pass", "gone", "pass", "ready", "pass"]);
        var calls = world.Recorder.Calls.Count;

        await world.RunAsync(["image nginx:1", "pass"]);

        Assert.Equal((first, first), (world.Set.Status!.UpdateRevision, world.Revisions[^1].Metadata.Name));
        Assert.Equal(3, world.Revisions[^1].Revision);
        Assert.Equal([$"update ControllerRevision {first}", "delete Pod web-1"], world.Recorder.Calls.Skip(calls).Where(c => !c.StartsWith("status", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Sync_ViewWithoutItsOwnRevision_FindsTheStoredOneByItsData_AndMakesNoOther()
    {
        var world = new StatefulSetWorld(1, claims: false);
        var expectations = new Control.Workloads.ControllerExpectations();
        await new Control.Workloads.StatefulSets.StatefulSetReconciler(world.Api, expectations).SyncAsync(world.Set, [], [], StatefulSetWorld.Start);

        var sync = await new Control.Workloads.StatefulSets.StatefulSetReconciler(world.Api, expectations).SyncAsync(world.Set, [], [], StatefulSetWorld.Start);

        Assert.Equal(world.Revisions.Select(r => r.Metadata.Name), sync.Revisions.Select(r => r.Metadata.Name));
        Assert.Single(world.Revisions);
    }

    [Fact]
    public void TemplatePatch_ReadBack_IsTheTemplate()
    {
        var template = new StatefulSetWorld(1).Set.Spec!.Template!;
        var revision = new ControllerRevision { Data = ControllerHistory.TemplatePatch(template) };

        Assert.Equal(JsonSerializer.Serialize(template, Model.Serialization.KubeJson.Options), JsonSerializer.Serialize(ControllerHistory.TemplateOf(revision), Model.Serialization.KubeJson.Options));
        Assert.Null(ControllerHistory.TemplateOf(new ControllerRevision { Data = JsonSerializer.SerializeToElement(new { key = "value" }) }));
    }

    [Fact]
    public void Name_LongPrefix_IsCutSoTheNameFitsASubdomain() =>
        Assert.Equal(new string('a', 223) + "-7c5d8f9b6b", ControllerHistory.Name(new string('a', 250), "7c5d8f9b6b"));
}
