using OrleansKube.Control.Store;
using OrleansKube.Model.Scheduling;

namespace OrleansKube.Tests.Scheduling;

public class PriorityAdmissionTests
{
    private static PriorityClass Class(string name, int value, bool globalDefault = false, PreemptionPolicy? policy = null) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Value = value,
        GlobalDefault = globalDefault ? true : null,
        PreemptionPolicy = policy,
    };

    private static readonly PriorityClass[] Classes = [Class("high", 1000), Class("batch", 10, policy: PreemptionPolicy.Never)];

    [Fact]
    public void ClassName_SetsPriorityAndPreemptionPolicy()
    {
        var pod = Build.Pod("p", spec: s => s.PriorityClassName = "batch");

        Assert.Null(PriorityAdmission.Admit(pod, Classes));

        Assert.Equal((10, PreemptionPolicy.Never), (pod.Spec.Priority, pod.Spec.PreemptionPolicy));
    }

    [Fact]
    public void NoClassName_NoGlobalDefault_IsPriorityZeroPreemptingLower()
    {
        var pod = Build.Pod("p");

        Assert.Null(PriorityAdmission.Admit(pod, Classes));

        Assert.Equal((0, PreemptionPolicy.PreemptLowerPriority, (string?)null), (pod.Spec.Priority, pod.Spec.PreemptionPolicy, pod.Spec.PriorityClassName));
    }

    [Fact]
    public void NoClassName_TheLowestGlobalDefaultApplies()
    {
        var pod = Build.Pod("p");

        Assert.Null(PriorityAdmission.Admit(pod, [.. Classes, Class("default-a", 500, globalDefault: true), Class("default-b", 300, globalDefault: true)]));

        Assert.Equal(("default-b", 300), (pod.Spec.PriorityClassName, pod.Spec.Priority));
    }

    [Fact]
    public void SystemClasses_HaveUpstreamValues()
    {
        Assert.Equal([("system-cluster-critical", 2_000_000_000), ("system-node-critical", 2_000_001_000)], PriorityAdmission.SystemClasses.Select(c => (c.Metadata.Name!, c.Value)));
    }

    [Theory]
    [InlineData("missing", null, null, "pods \"p\" is forbidden: no PriorityClass with name missing was found")]
    [InlineData("high", 5, null, "pods \"p\" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name")]
    [InlineData("batch", null, PreemptionPolicy.PreemptLowerPriority, "pods \"p\" is forbidden: the string value of PreemptionPolicy (PreemptLowerPriority) must not be provided in pod spec; priority admission controller computed Never from the given PriorityClass name")]
    public void Disagreement_IsForbidden_WithUpstreamsMessage(string className, int? priority, PreemptionPolicy? policy, string expected)
    {
        var pod = Build.Pod("p", spec: s =>
        {
            s.PriorityClassName = className;
            s.Priority = priority;
            s.PreemptionPolicy = policy;
        });

        var error = PriorityAdmission.Admit(pod, Classes);

        Assert.Equal((ApiErrorReason.Forbidden, expected), (error!.Reason, error.Message));
    }

    [Fact]
    public void ReappliedPod_KeepsWhatAdmissionSet()
    {
        var stored = Build.Pod("p", spec: s => s.PriorityClassName = "high");
        PriorityAdmission.Admit(stored, Classes);
        var incoming = Build.Pod("p", spec: s => s.PriorityClassName = "high");

        PriorityAdmission.KeepAdmitted(stored, incoming);

        Assert.Equal((1000, PreemptionPolicy.PreemptLowerPriority), (incoming.Spec.Priority, incoming.Spec.PreemptionPolicy));
    }
}
