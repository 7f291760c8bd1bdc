using System.Globalization;
using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Control.Kubelet;

/// <summary>
/// The kubelet's own check of a pod bound to it, as upstream's admission: resources first (<c>OutOf{resource}</c>), then
/// host ports (<c>NodePorts</c>) — a pod that names its node skips the scheduler, not these.
/// </summary>
public static class Admission
{
    /// <summary>Null when the pod fits, else the reason (<c>OutOfcpu</c>) and upstream's message.</summary>
    public static (string Reason, string Message)? Check(Resource requests, Resource allocatable, Resource used, int podCount, HostPort[]? wanted = null, IEnumerable<HostPort>? heldPorts = null)
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
            return CheckHostPorts(wanted, used: heldPorts);
        }

        return ($"OutOf{named}", string.Create(CultureInfo.InvariantCulture,
            $"Pod was rejected: Node didn't have enough resource: {named}, requested: {requests.Get(named)}, used: {used.Get(named)}, capacity: {allocatable.Get(named)}"));
    }

    /// <summary>Null when none of <paramref name="wanted"/> clashes with a port the node's pods hold, else upstream's NodePorts rejection.</summary>
    public static (string Reason, string Message)? CheckHostPorts(HostPort[]? wanted, IEnumerable<HostPort>? used)
    {
        if (wanted is not { Length: > 0 } || used is null)
        {
            return null;
        }

        foreach (var held in used)
        {
            foreach (var port in wanted)
            {
                if (port.ConflictsWith(held))
                {
                    return ("NodePorts", "Pod was rejected: Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports");
                }
            }
        }

        return null;
    }
}
