using OrleansKube.Model.Policy;

namespace OrleansKube.Tests.Workloads;

/// <summary>Pods and budgets for the disruption tests: pods labelled app=web, controlled by ReplicaSet web-rs unless said otherwise.</summary>
internal static class DisruptionTestPods
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    public static Pod Pod(string name, bool ready = true, bool deleting = false, PodPhase phase = PodPhase.Running, string? owner = "web-rs", string app = "web") => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = "default",
            Uid = "uid-" + name,
            Labels = new() { ["app"] = app },
            DeletionTimestamp = deleting ? Now : null,
            OwnerReferences = owner is null ? null : [new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = owner, Uid = "uid-" + owner, Controller = true }],
        },
        Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "nginx" }] },
        Status = new PodStatus
        {
            Phase = phase,
            Conditions = [new PodCondition { Type = "Ready", Status = ready ? ConditionStatus.True : ConditionStatus.False }],
        },
    };

    public static PodDisruptionBudget Budget(IntOrString? minAvailable = null, IntOrString? maxUnavailable = null, PodDisruptionBudgetStatus? status = null, string name = "web-pdb",
        UnhealthyPodEvictionPolicyType? policy = null, LabelSelector? selector = null) => new()
    {
        ApiVersion = "policy/v1",
        Kind = "PodDisruptionBudget",
        Metadata = new ObjectMeta { Name = name, Namespace = "default", Uid = "uid-" + name, Generation = 1, ResourceVersion = "7" },
        Spec = new PodDisruptionBudgetSpec
        {
            MinAvailable = minAvailable,
            MaxUnavailable = maxUnavailable,
            Selector = selector ?? new LabelSelector { MatchLabels = new() { ["app"] = "web" } },
            UnhealthyPodEvictionPolicy = policy,
        },
        Status = status,
    };
}
