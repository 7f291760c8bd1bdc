using OrleansKube.Control.Workloads.Disruption;
using OrleansKube.Model.Policy;
using static OrleansKube.Tests.Workloads.DisruptionTestPods;

namespace OrleansKube.Tests.Workloads;

/// <summary>The disruption controller's status computation, case by case as upstream's disruption_test.go exercises it.</summary>
public class DisruptionReconcilerTests
{
    public sealed record StatusCase(string Sentence, PodDisruptionBudget Budget, Pod[] Pods, int? Replicas, int Expected, int DesiredHealthy, int CurrentHealthy, int Allowed)
    {
        public override string ToString() => Sentence;
    }

    private static Pod[] Ready(int count) => [.. Enumerable.Range(1, count).Select(i => Pod($"web-{i}"))];

    private static PodDisruptionBudgetStatus Granted(string pod, TimeSpan ago) =>
        new() { ObservedGeneration = 1, DisruptedPods = new() { [pod] = Now - ago } };

    public static TheoryData<StatusCase> StatusCases() =>
    [
        new StatusCase("minAvailable 2 of three ready pods allows one disruption", Budget(minAvailable: 2), Ready(3), null, 3, 2, 3, 1),
        new StatusCase("minAvailable 3 of three ready pods allows none", Budget(minAvailable: 3), Ready(3), null, 3, 3, 3, 0),
        new StatusCase("an integer minAvailable counts the pods found, not the controller's replicas", Budget(minAvailable: 1), Ready(2), 5, 2, 1, 2, 1),
        new StatusCase("minAvailable 50% of a Deployment of 4 needs 2 healthy", Budget(minAvailable: "50%"), Ready(4), 4, 4, 2, 4, 2),
        new StatusCase("minAvailable 50% of 3 rounds up to 2", Budget(minAvailable: "50%"), Ready(3), 3, 3, 2, 3, 1),
        new StatusCase("maxUnavailable 1 of a Deployment of 3 needs 2 healthy", Budget(maxUnavailable: 1), Ready(3), 3, 3, 2, 3, 1),
        new StatusCase("maxUnavailable 25% of 4 rounds up to one unavailable", Budget(maxUnavailable: "25%"), Ready(4), 4, 4, 3, 4, 1),
        new StatusCase("maxUnavailable counts the replicas asked for: a missing replacement leaves nothing to spare", Budget(maxUnavailable: 1), Ready(2), 3, 3, 2, 2, 0),
        new StatusCase("an unready pod is not healthy", Budget(minAvailable: 2), [Pod("web-1"), Pod("web-2"), Pod("web-3", ready: false)], null, 3, 2, 2, 0),
        new StatusCase("a pod being deleted is not healthy but is still expected", Budget(minAvailable: 2), [Pod("web-1"), Pod("web-2"), Pod("web-3", deleting: true)], null, 3, 2, 2, 0),
        new StatusCase("a pod whose eviction was granted a minute ago is not healthy", Budget(minAvailable: 2, status: Granted("web-3", TimeSpan.FromMinutes(1))), Ready(3), null, 3, 2, 2, 0),
        new StatusCase("a granted eviction whose pod was not deleted within two minutes no longer counts", Budget(minAvailable: 2, status: Granted("web-3", TimeSpan.FromMinutes(3))), Ready(3), null, 3, 2, 3, 1),
        new StatusCase("no matching pods with minAvailable 1 allows nothing", Budget(minAvailable: 1), [], null, 0, 1, 0, 0),
        new StatusCase("no matching pods with maxUnavailable allows nothing: no pods are expected", Budget(maxUnavailable: 1), [], null, 0, 0, 0, 0),
        new StatusCase("neither minAvailable nor maxUnavailable allows nothing", Budget(), Ready(2), null, 0, 0, 2, 0),
        new StatusCase("pods without a controller are left out of the expected scale", Budget(maxUnavailable: 1), [.. Ready(2), Pod("bare", owner: null)], 2, 2, 1, 3, 2),
    ];

    [Theory]
    [MemberData(nameof(StatusCases))]
    public void Desired_Pods_GiveUpstreamsCounts(StatusCase c)
    {
        var (status, _) = DisruptionReconciler.Desired(c.Budget, c.Pods, _ => c.Replicas is { } n ? new ControllerScale("uid-web", n) : null, Now);

        Assert.Equal((c.Expected, c.DesiredHealthy, c.CurrentHealthy, c.Allowed), (status.ExpectedPods, status.DesiredHealthy, status.CurrentHealthy, status.DisruptionsAllowed));
        Assert.Equal(1, status.ObservedGeneration);
    }

    [Fact]
    public void Desired_GrantedEviction_IsKeptUntilItsTimeout_AndAskedToBeLookedAtThen()
    {
        var (status, recheckAt) = DisruptionReconciler.Desired(Budget(minAvailable: 2, status: Granted("web-3", TimeSpan.FromSeconds(30))), Ready(3), _ => null, Now);

        Assert.Equal(Now - TimeSpan.FromSeconds(30), status.DisruptedPods!["web-3"]);
        Assert.Equal(Now + TimeSpan.FromSeconds(90), recheckAt);
    }

    [Fact]
    public void Desired_GrantedEvictionOfAPodBeingDeleted_IsDropped()
    {
        var (status, recheckAt) = DisruptionReconciler.Desired(Budget(minAvailable: 2, status: Granted("web-3", TimeSpan.FromSeconds(30))), [Pod("web-1"), Pod("web-2"), Pod("web-3", deleting: true)], _ => null, Now);

        Assert.Null(status.DisruptedPods);
        Assert.Null(recheckAt);
    }

    [Fact]
    public async Task SyncAsync_NewBudget_WritesCountsAndSufficientPodsCondition()
    {
        var api = new RecordingObjectControl(Now);
        var pdb = api.Put(Budget(maxUnavailable: 1));

        var (stored, _) = await new DisruptionReconciler(api).SyncAsync(pdb, Ready(3), _ => new ControllerScale("uid-web", 3), Now);

        Assert.Equal((3, 2, 3, 1, 1L), (stored.Status!.ExpectedPods, stored.Status.DesiredHealthy, stored.Status.CurrentHealthy, stored.Status.DisruptionsAllowed, stored.Status.ObservedGeneration));
        var condition = Assert.Single(stored.Status.Conditions!);
        Assert.Equal(("DisruptionAllowed", ConditionStatus.True, "SufficientPods", 1L, Now), (condition.Type, condition.Status, condition.Reason, condition.ObservedGeneration, condition.LastTransitionTime));
    }

    [Fact]
    public async Task SyncAsync_NothingChanged_WritesNothing()
    {
        var api = new RecordingObjectControl(Now);
        var pdb = api.Put(Budget(minAvailable: 3));
        var (stored, _) = await new DisruptionReconciler(api).SyncAsync(pdb, Ready(3), _ => null, Now);
        api.Calls.Clear();

        var (again, _) = await new DisruptionReconciler(api).SyncAsync(stored, Ready(3), _ => null, Now + TimeSpan.FromMinutes(1));

        Assert.Empty(api.Calls);
        Assert.Same(stored, again);
        Assert.Equal(("InsufficientPods", ConditionStatus.False), (again.Status!.Conditions![0].Reason, again.Status.Conditions[0].Status));
    }

    [Fact]
    public async Task SyncAsync_ControlledPodWithoutKnownScale_FailsSafeAllowingNothing()
    {
        var api = new RecordingObjectControl(Now);
        var pdb = api.Put(Budget(maxUnavailable: 1, status: new PodDisruptionBudgetStatus { ObservedGeneration = 1, DisruptionsAllowed = 2, CurrentHealthy = 3, DesiredHealthy = 1, ExpectedPods = 3 }));

        var (stored, requeueAt) = await new DisruptionReconciler(api).SyncAsync(pdb, Ready(3), _ => null, Now);

        Assert.Equal(0, stored.Status!.DisruptionsAllowed);
        var condition = Assert.Single(stored.Status.Conditions!);
        Assert.Equal((ConditionStatus.False, "SyncFailed", "found no controllers for pod \"web-1\""), (condition.Status, condition.Reason, condition.Message));
        Assert.Equal(Now, requeueAt);
    }

    public sealed record EventCase(string Sentence, PodDisruptionBudget Budget, Pod[] Pods, int? Replicas, string[] Events)
    {
        public override string ToString() => Sentence;
    }

    private const string Unmanaged = "Warning UnmanagedPods Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}) were found "
        + "to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set \".spec.minAvailable\" field of the PDB to an integer value.";

    public static TheoryData<EventCase> EventCases() =>
    [
        new EventCase("a budget selecting no pods records NoPods", Budget(minAvailable: 1), [], null, ["Normal NoPods No matching pods found"]),
        new EventCase("a budget whose pods all have a known controller records nothing", Budget(maxUnavailable: 1), Ready(3), 3, []),
        new EventCase("maxUnavailable over a pod without a controller warns of unmanaged pods", Budget(maxUnavailable: 1), [.. Ready(2), Pod("bare", owner: null)], 2, [Unmanaged]),
        new EventCase("a percentage minAvailable over a pod without a controller warns too", Budget(minAvailable: "50%"), [Pod("bare", owner: null)], null, [Unmanaged]),
        new EventCase("an integer minAvailable needs no controllers: no warning", Budget(minAvailable: 1), [Pod("bare", owner: null)], null, []),
        new EventCase(
            "a controlled pod whose controller is not found fails the count",
            Budget(maxUnavailable: 1), Ready(1), null,
            ["Warning CalculateExpectedPodCountFailed Failed to calculate the number of expected pods: found no controllers for pod \"web-1\""]),
        new EventCase(
            "a granted eviction whose pod outlived the timeout is reported on the pod, as upstream words it",
            Budget(minAvailable: 2, status: Granted("web-3", TimeSpan.FromMinutes(3))), Ready(3), null,
            ["Warning NotDeleted Pod was expected by PDB default/default to be deleted but it wasn't"]),
    ];

    [Theory]
    [MemberData(nameof(EventCases))]
    public async Task SyncAsync_RecordsUpstreamsEvents(EventCase c)
    {
        var api = new RecordingObjectControl(Now);

        await new DisruptionReconciler(api).SyncAsync(api.Put(c.Budget), c.Pods, _ => c.Replicas is { } n ? new ControllerScale("uid-web", n) : null, Now);

        Assert.Equal(c.Events, api.Events);
    }

    [Fact]
    public void GoString_MatchExpressions_PrintAsUpstreamsGeneratedString() =>
        Assert.Equal(
            "&LabelSelector{MatchLabels:map[string]string{a: 1,b: 2,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:In,Values:[cache db],},},}",
            DisruptionEvents.GoString(new LabelSelector
            {
                MatchLabels = new() { ["b"] = "2", ["a"] = "1" },
                MatchExpressions = [new LabelSelectorRequirement { Key = "tier", Operator = LabelSelectorOperator.In, Values = ["cache", "db"] }],
            }));
}
