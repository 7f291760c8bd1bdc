using System.Globalization;
using OrleansKube.Control.Scheduling;

namespace OrleansKube.Control.Kubelet;

/// <summary>The kubelet's own resource check on a pod bound to it (upstream's <c>OutOf{resource}</c> rejections).</summary>
public static class Admission
{
    /// <summary>Null when the pod fits, else the reason (<c>OutOfcpu</c>) and upstream's message.</summary>
    public static (string Reason, string Message)? Check(ResourceList requests, ResourceList allocatable, ResourceList used, int podCount)
    {
        if (allocatable.Amounts.ContainsKey(ResourceList.Pods) && podCount + 1 > allocatable[ResourceList.Pods])
        {
            return ("OutOfpods", $"Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: {podCount}, capacity: {allocatable[ResourceList.Pods]}");
        }

        foreach (var (name, amount) in requests.Amounts.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (amount > 0 && used[name] + amount > allocatable[name])
            {
                return ($"OutOf{name}", string.Create(CultureInfo.InvariantCulture,
                    $"Pod was rejected: Node didn't have enough resource: {name}, requested: {amount}, used: {used[name]}, capacity: {allocatable[name]}"));
            }
        }

        return null;
    }
}
