using OrleansKube.Control.Store;
using OrleansKube.Model.Batch;

namespace OrleansKube.Tests.Store;

public class ObjectLifecycleTests
{
    public sealed record StatusCase(string Sentence, KubeObject Object, Func<KubeObject, object?> Status, object? Expected)
    {
        public override string ToString() => Sentence;
    }

    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<StatusCase> Cases() =>
    [
        new StatusCase("a client's Deployment status is dropped", new Deployment { Metadata = Meta(), Spec = new DeploymentSpec(), Status = new DeploymentStatus { Replicas = 9 } }, o => ((Deployment)o).Status, null),
        new StatusCase("a client's Job status is dropped", new Job { Metadata = Meta(), Spec = new JobSpec { Template = new PodTemplateSpec { Spec = new PodSpec() } }, Status = new JobStatus { Succeeded = 3 } }, o => ((Job)o).Status, null),
        new StatusCase("a pod starts Pending whatever the client sent", new Pod { Metadata = Meta(), Spec = new PodSpec { Containers = [new Container { Name = "c" }] }, Status = new PodStatus { Phase = PodPhase.Running, PodIP = "1.2.3.4" } }, o => ((Pod)o).Status?.Phase, PodPhase.Pending),
        new StatusCase("a pod's client-sent IP is dropped", new Pod { Metadata = Meta(), Spec = new PodSpec { Containers = [new Container { Name = "c" }] }, Status = new PodStatus { PodIP = "1.2.3.4" } }, o => ((Pod)o).Status?.PodIP, null),
        new StatusCase("a claim starts Pending whatever the client sent", new PersistentVolumeClaim { Metadata = Meta(), Spec = new PersistentVolumeClaimSpec(), Status = new PersistentVolumeClaimStatus { Phase = PersistentVolumeClaimPhase.Bound, Capacity = new() { ["storage"] = Quantity.Parse("1Gi") } } }, o => ((PersistentVolumeClaim)o).Status is { Phase: PersistentVolumeClaimPhase.Pending, Capacity: null }, true),
        new StatusCase("a client's StatefulSet status is dropped", new StatefulSet { Metadata = Meta(), Spec = new StatefulSetSpec(), Status = new StatefulSetStatus { Replicas = 9 } }, o => ((StatefulSet)o).Status, null),
        new StatusCase("a namespace starts Active", new Namespace { Metadata = new ObjectMeta { Name = "n" }, Status = new NamespaceStatus { Phase = NamespacePhase.Terminating } }, o => ((Namespace)o).Status?.Phase, NamespacePhase.Active),
        new StatusCase("a node keeps the status its kubelet reports", new Node { Metadata = new ObjectMeta { Name = "n" }, Status = new NodeStatus { Addresses = [new NodeAddress { Type = "InternalIP", Address = "10.0.0.1" }] } }, o => ((Node)o).Status?.Addresses?[0].Address, "10.0.0.1"),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void PrepareCreate_ClientStatus_ResetAsTheKindIsRegistered(StatusCase c)
    {
        var created = ObjectLifecycle.PrepareCreate(c.Object, Now, "uid");

        Assert.Equal(c.Expected, c.Status(created));
    }

    [Fact]
    public void PrepareCreate_SecretStringData_IsMergedIntoDataAndNotKept()
    {
        var secret = new Secret
        {
            Metadata = Meta(),
            Data = new() { ["user"] = "admin"u8.ToArray(), ["kept"] = "as is"u8.ToArray() },
            StringData = new() { ["user"] = "root", ["password"] = "s3cr3t" },
        };

        var created = (Secret)ObjectLifecycle.PrepareCreate(secret, Now, "uid");

        Assert.Null(created.StringData);
        Assert.Equal(["kept", "password", "user"], created.Data!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("root", System.Text.Encoding.UTF8.GetString(created.Data["user"])); // stringData wins
        Assert.Equal("s3cr3t", System.Text.Encoding.UTF8.GetString(created.Data["password"]));
        Assert.Equal("as is", System.Text.Encoding.UTF8.GetString(created.Data["kept"]));
        Assert.Equal("Opaque", created.Type);
    }

    [Fact]
    public void PrepareUpdate_SecretStringData_ChangesData()
    {
        var current = (Secret)ObjectLifecycle.PrepareCreate(new Secret { Metadata = Meta(), StringData = new() { ["user"] = "admin" } }, Now, "uid");
        var incoming = current with { StringData = new() { ["user"] = "root" } };

        var (result, changed, error) = ObjectLifecycle.PrepareUpdate(current, incoming, enforceResourceVersion: true);

        Assert.Null(error);
        Assert.True(changed);
        Assert.Null(((Secret)result).StringData);
        Assert.Equal("root", System.Text.Encoding.UTF8.GetString(((Secret)result).Data!["user"]));
    }

    public sealed record RevisionUpdateCase(string Sentence, Func<ControllerRevision, ControllerRevision> Change, string[] Causes)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<RevisionUpdateCase> RevisionUpdateCases() =>
    [
        new RevisionUpdateCase("a new revision number is taken: a rollback renumbers an earlier revision", r => r with { Revision = 3 }, []),
        new RevisionUpdateCase("other data is refused: a revision's data never changes", r => r with { Data = System.Text.Json.JsonSerializer.SerializeToElement(new { spec = new { } }) },
            ["data: Invalid value: \"{\"spec\":{}}\": field is immutable"]),
        new RevisionUpdateCase("no data is refused as on create", r => r with { Data = null }, ["data: Required value: data is mandatory", "data: Invalid value: \"null\": field is immutable"]),
        new RevisionUpdateCase("a negative revision is refused", r => r with { Revision = -1 }, ["revision: Invalid value: -1: must be greater than or equal to 0"]),
    ];

    [Theory]
    [MemberData(nameof(RevisionUpdateCases))]
    public void PrepareUpdate_ControllerRevision_DataIsImmutableAndRevisionNotNegative(RevisionUpdateCase c)
    {
        var current = ObjectLifecycle.PrepareCreate(new ControllerRevision { Metadata = Meta(), Data = System.Text.Json.JsonSerializer.SerializeToElement(new { key = "value" }), Revision = 1 }, Now, "uid");

        var (_, changed, error) = ObjectLifecycle.PrepareUpdate(current, c.Change((ControllerRevision)current), enforceResourceVersion: true);

        Assert.Equal(c.Causes, error?.Causes ?? []);
        Assert.Equal(c.Causes.Length == 0, changed);
    }

    private static ObjectMeta Meta() => new() { Name = "x", Namespace = "default" };

    public sealed record GateCase(string Sentence, string[] Before, string[] After, string? Error)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<GateCase> GateCases() =>
    [
        new GateCase("removing one gate is allowed", ["a", "b"], ["b"], null),
        new GateCase("removing every gate is allowed", ["a"], [], null),
        new GateCase("adding a gate is refused", ["a"], ["a", "c"], "spec.schedulingGates: Forbidden: only deletion is allowed, but found new scheduling gate 'c'"),
        new GateCase("gating an ungated pod is refused", [], ["c"], "spec.schedulingGates: Forbidden: only deletion is allowed, but found new scheduling gate 'c'"),
    ];

    [Theory]
    [MemberData(nameof(GateCases))]
    public void PrepareUpdate_SchedulingGates_OnlyRemovals(GateCase c)
    {
        var current = ObjectLifecycle.PrepareCreate(GatedPod(c.Before), Now, "uid");
        var incoming = GatedPod(c.After);

        var (_, _, error) = ObjectLifecycle.PrepareUpdate(current, incoming, enforceResourceVersion: false);

        Assert.Equal(c.Error, error?.Causes.Single());
    }

    [Fact]
    public void PrepareCreate_GatedPod_IsPodScheduledFalseSchedulingGated()
    {
        var created = (Pod)ObjectLifecycle.PrepareCreate(GatedPod(["a"]), Now, "uid");

        var condition = Assert.Single(created.Status!.Conditions!);
        Assert.Equal(("PodScheduled", ConditionStatus.False, "SchedulingGated", "Scheduling is blocked due to non-empty scheduling gates", Now),
            (condition.Type, condition.Status, condition.Reason, condition.Message, condition.LastTransitionTime));
    }

    [Fact]
    public void PrepareUpdate_EphemeralContainers_KeepTheStoredOnes()
    {
        var current = ObjectLifecycle.PrepareCreate(GatedPod([]), Now, "uid");
        var incoming = GatedPod([]);
        incoming.Spec.EphemeralContainers = [new EphemeralContainer { Name = "debug", Image = "busybox" }];

        var (result, changed, error) = ObjectLifecycle.PrepareUpdate(current, incoming, enforceResourceVersion: false);

        Assert.Null(error);
        Assert.False(changed);
        Assert.Null(((Pod)result).Spec.EphemeralContainers);
    }

    private static Pod GatedPod(string[] gates) => new()
    {
        Metadata = Meta(),
        Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "nginx" }], SchedulingGates = gates.Length == 0 ? null : [.. gates.Select(g => new PodSchedulingGate { Name = g })] },
    };
}
