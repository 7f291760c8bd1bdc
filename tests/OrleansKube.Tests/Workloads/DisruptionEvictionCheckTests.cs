using OrleansKube.Control.Store;
using OrleansKube.Control.Workloads.Disruption;
using OrleansKube.Model.Policy;
using static OrleansKube.Tests.Workloads.DisruptionTestPods;

namespace OrleansKube.Tests.Workloads;

/// <summary>The eviction subresource's decision against disruption budgets (upstream's eviction.go), case by case.</summary>
public class DisruptionEvictionCheckTests
{
    public sealed record VerdictCase(string Sentence, Pod Pod, PodDisruptionBudget[] Budgets, EvictionAction Action, ApiErrorReason? Reason = null, string? Message = null, string? Cause = null)
    {
        public override string ToString() => Sentence;
    }

    private static PodDisruptionBudgetStatus Status(int allowed, int current, int desired, long generation = 1) =>
        new() { ObservedGeneration = generation, DisruptionsAllowed = allowed, CurrentHealthy = current, DesiredHealthy = desired, ExpectedPods = 3 };

    public static TheoryData<VerdictCase> VerdictCases() =>
    [
        new VerdictCase("a pod no budget selects is evicted", Pod("web-1", app: "other"), [Budget(minAvailable: 3, status: Status(0, 3, 3))], EvictionAction.Evict),
        new VerdictCase("a pending pod goes without looking at budgets", Pod("web-1", phase: PodPhase.Pending), [Budget(minAvailable: 3, status: Status(0, 3, 3))], EvictionAction.Evict),
        new VerdictCase("a finished pod goes without looking at budgets", Pod("web-1", phase: PodPhase.Succeeded), [Budget(minAvailable: 3, status: Status(0, 3, 3))], EvictionAction.Evict),
        new VerdictCase("a pod already being deleted goes without looking at budgets", Pod("web-1", deleting: true), [Budget(minAvailable: 3, status: Status(0, 3, 3))], EvictionAction.Evict),
        new VerdictCase("a budget with an empty selector selects nothing", Pod("web-1"), [Budget(minAvailable: 3, status: Status(0, 3, 3), selector: new LabelSelector())], EvictionAction.Evict),
        new VerdictCase("a ready pod under a budget that allows one disruption is charged to it", Pod("web-1"), [Budget(minAvailable: 2, status: Status(1, 3, 2))], EvictionAction.Charge),
        new VerdictCase("a ready pod under a budget that allows none is refused with 429 and the budget's numbers",
            Pod("web-1"), [Budget(minAvailable: 3, status: Status(0, 3, 3))], EvictionAction.Refuse, ApiErrorReason.TooManyRequests,
            "Cannot evict pod as it would violate the pod's disruption budget.", "The disruption budget web-pdb needs 3 healthy pods and has 3 currently"),
        new VerdictCase("a budget whose status lags its generation refuses until the controller has seen it",
            Pod("web-1"), [Budget(minAvailable: 1, status: null)], EvictionAction.Refuse, ApiErrorReason.TooManyRequests,
            "Cannot evict pod as it would violate the pod's disruption budget.", "The disruption budget web-pdb is still being processed by the server."),
        new VerdictCase("a pod two budgets select is refused with a 500", Pod("web-1"), [Budget(minAvailable: 1, status: Status(2, 3, 1)), Budget(minAvailable: 1, status: Status(2, 3, 1), name: "second")],
            EvictionAction.Refuse, ApiErrorReason.InternalError, "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support."),
        new VerdictCase("an unready pod goes under IfHealthyBudget while the application is healthy", Pod("web-1", ready: false), [Budget(minAvailable: 2, status: Status(0, 2, 2))], EvictionAction.Evict),
        new VerdictCase("an unready pod under IfHealthyBudget with too few healthy pods is refused", Pod("web-1", ready: false), [Budget(minAvailable: 3, status: Status(0, 2, 3))],
            EvictionAction.Refuse, ApiErrorReason.TooManyRequests, "Cannot evict pod as it would violate the pod's disruption budget.", "The disruption budget web-pdb needs 3 healthy pods and has 2 currently"),
        new VerdictCase("an unready pod under AlwaysAllow goes even when nothing is allowed", Pod("web-1", ready: false),
            [Budget(minAvailable: 3, status: Status(0, 2, 3), policy: UnhealthyPodEvictionPolicyType.AlwaysAllow)], EvictionAction.Evict),
        new VerdictCase("a ready pod under AlwaysAllow is still held by the budget", Pod("web-1"),
            [Budget(minAvailable: 3, status: Status(0, 3, 3), policy: UnhealthyPodEvictionPolicyType.AlwaysAllow)], EvictionAction.Refuse, ApiErrorReason.TooManyRequests,
            "Cannot evict pod as it would violate the pod's disruption budget.", "The disruption budget web-pdb needs 3 healthy pods and has 3 currently"),
        new VerdictCase("a negative disruptionsAllowed is forbidden", Pod("web-1"), [Budget(minAvailable: 3, status: Status(-1, 3, 3))], EvictionAction.Refuse, ApiErrorReason.Forbidden,
            "poddisruptionbudget.policy \"web-pdb\" is forbidden: pdb disruptions allowed is negative"),
    ];

    [Theory]
    [MemberData(nameof(VerdictCases))]
    public void Decide_PodAndBudgets_AsUpstreamsEviction(VerdictCase c)
    {
        var verdict = EvictionCheck.Decide(c.Pod, c.Budgets, Now);

        Assert.Equal(c.Action, verdict.Action);
        Assert.Equal(c.Reason, verdict.Error?.Reason);
        Assert.Equal(c.Message, verdict.Error?.Message);
        Assert.Equal(c.Cause, verdict.Error?.Causes.SingleOrDefault());
        Assert.Equal(c.Cause is null ? null : "DisruptionBudget", verdict.Error?.CauseType);
    }

    [Fact]
    public void Decide_LastAllowedDisruption_TakesItAndRecordsThePod()
    {
        var pdb = Budget(minAvailable: 2, status: Status(1, 3, 2) with { Conditions = [new Condition { Type = "DisruptionAllowed", Status = ConditionStatus.True, Reason = "SufficientPods" }] });

        var verdict = EvictionCheck.Decide(Pod("web-1"), [pdb], Now);

        var charged = verdict.Budget!;
        Assert.Equal(0, charged.Status!.DisruptionsAllowed);
        Assert.Equal(Now, charged.Status.DisruptedPods!["web-1"]);
        Assert.Equal("7", charged.Metadata.ResourceVersion); // the write is conditional on the budget read
        Assert.Equal(("InsufficientPods", ConditionStatus.False), (charged.Status.Conditions![0].Reason, charged.Status.Conditions[0].Status));
        Assert.Equal(1, pdb.Status!.DisruptionsAllowed); // the budget read is not changed
    }

    [Fact]
    public void Decide_SecondEvictionAgainstTheChargedBudget_IsRefused()
    {
        var charged = EvictionCheck.Decide(Pod("web-1"), [Budget(minAvailable: 2, status: Status(1, 3, 2))], Now).Budget!;

        var second = EvictionCheck.Decide(Pod("web-2"), [charged], Now);

        Assert.Equal((EvictionAction.Refuse, ApiErrorReason.TooManyRequests), (second.Action, second.Error!.Reason));
    }
}
