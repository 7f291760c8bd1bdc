namespace OrleansKube.Control.Kubelet;

/// <summary>
/// A pod's readiness gates, as upstream's kubelet folds them into its Ready condition: once its containers are ready, the
/// pod is Ready only when every gate's condition (set by someone else through the status) is True; otherwise Ready is
/// False with reason <c>ReadinessGatesNotReady</c> and a message per gate that is missing or not True.
/// </summary>
public static class ReadinessGates
{
    public const string NotReadyReason = "ReadinessGatesNotReady";

    /// <summary>The gate condition types of <paramref name="spec"/> (empty for most pods).</summary>
    public static bool Has(PodSpec spec) => spec.ReadinessGates is { Count: > 0 };

    /// <summary>True when <paramref name="type"/> is one of the pod's gates: a condition the kubelet keeps as others wrote it.</summary>
    public static bool IsGate(PodSpec spec, string type)
    {
        foreach (var gate in spec.ReadinessGates ?? [])
        {
            if (gate.ConditionType == type)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="status"/> with its Ready condition as the gates decide it (the same instance when nothing changes:
    /// no gates, containers not ready, or Ready already right). A Ready that changes status takes <paramref name="now"/>
    /// as its transition time.
    /// </summary>
    public static PodStatus Apply(PodSpec spec, PodStatus status, DateTimeOffset now)
    {
        if (!Has(spec) || Find(status, "ContainersReady") is not { Status: ConditionStatus.True })
        {
            return status;
        }

        var unready = new List<string>();
        foreach (var gate in spec.ReadinessGates!)
        {
            var condition = Find(status, gate.ConditionType);
            if (condition is null)
            {
                unready.Add($"corresponding condition of pod readiness gate \"{gate.ConditionType}\" does not exist.");
            }
            else if (condition.Status != ConditionStatus.True)
            {
                unready.Add($"the status of pod readiness gate \"{gate.ConditionType}\" is not \"True\", but {condition.Status}");
            }
        }

        var (wanted, reason, message) = unready.Count == 0
            ? (ConditionStatus.True, (string?)null, (string?)null)
            : (ConditionStatus.False, NotReadyReason, string.Join(", ", unready));
        var ready = Find(status, "Ready");
        if (ready is not null && ready.Status == wanted && ready.Reason == reason && ready.Message == message)
        {
            return status;
        }

        var replaced = new PodCondition
        {
            Type = "Ready",
            Status = wanted,
            Reason = reason,
            Message = message,
            LastTransitionTime = ready is not null && ready.Status == wanted ? ready.LastTransitionTime : now,
            LastProbeTime = ready?.LastProbeTime,
        };
        return status with { Conditions = ready is null ? [.. status.Conditions ?? [], replaced] : [.. status.Conditions!.Select(c => c.Type == "Ready" ? replaced : c)] };
    }

    private static PodCondition? Find(PodStatus status, string type)
    {
        foreach (var condition in status.Conditions ?? [])
        {
            if (condition.Type == type)
            {
                return condition;
            }
        }

        return null;
    }
}
