using System.Diagnostics.CodeAnalysis;

namespace OrleansKube.Grains.Scheduling;

/// <summary>The schedulers this cluster runs. Pods naming another scheduler stay Pending for it to bind them, as upstream.</summary>
public static class SchedulerNames
{
    public const string Default = "default-scheduler";

    public static bool IsServed([NotNullWhen(true)] string? schedulerName) => schedulerName == Default;
}
