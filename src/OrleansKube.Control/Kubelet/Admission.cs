using System.Globalization;
using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Control.Kubelet;

/// <summary>The kubelet's own resource check on a pod bound to it (upstream's <c>OutOf{resource}</c> rejections).</summary>
public static class Admission
{
    /// <summary>Null when the pod fits, else the reason (<c>OutOfcpu</c>) and upstream's message.</summary>
    public static (string Reason, string Message)? Check(Resource requests, Resource allocatable, Resource used, int podCount)
    {
        if (podCount + 1 > allocatable.AllowedPodNumber)
        {
            return ("OutOfpods", $"Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: {podCount}, capacity: {allocatable.AllowedPodNumber}");
        }

        foreach (var name in requests.Names().Order(StringComparer.Ordinal))
        {
            var amount = requests.Get(name);
            if (amount > 0 && used.Get(name) + amount > allocatable.Get(name))
            {
                return ($"OutOf{name}", string.Create(CultureInfo.InvariantCulture,
                    $"Pod was rejected: Node didn't have enough resource: {name}, requested: {amount}, used: {used.Get(name)}, capacity: {allocatable.Get(name)}"));
            }
        }

        return null;
    }
}
