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

        // The first resource short in name order is the one reported; names are sorted only for a pod refused.
        string? firstShort = null;
        foreach (var name in requests.Names())
        {
            var amount = requests.Get(name);
            if (amount > 0 && used.Get(name) + amount > allocatable.Get(name) && (firstShort is null || string.CompareOrdinal(name, firstShort) < 0))
            {
                firstShort = name;
            }
        }

        if (firstShort is not { } named)
        {
            return null;
        }

        return ($"OutOf{named}", string.Create(CultureInfo.InvariantCulture,
            $"Pod was rejected: Node didn't have enough resource: {named}, requested: {requests.Get(named)}, used: {used.Get(named)}, capacity: {allocatable.Get(named)}"));
    }
}
