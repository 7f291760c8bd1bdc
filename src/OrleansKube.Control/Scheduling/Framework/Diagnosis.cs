using System.Runtime.InteropServices;

namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>
/// Why a pod fits nowhere: how many nodes were looked at and a histogram of the reasons they gave.
/// Diagnoses from several shards add up into one message, worded as upstream's FitError.
/// </summary>
public sealed class Diagnosis
{
    private Dictionary<string, int>? _reasonCounts;

    // Nodes reject a pod mostly with the same status instance over and over: a run of it is counted here and
    // added to the histogram when another status comes or the histogram is read, not looked up per node.
    private Status? _run;
    private int _runLength;

    public int NodeCount { get; set; }

    /// <summary>How many nodes gave each reason (made on first use: a pod every node took needs none).</summary>
    public Dictionary<string, int> ReasonCounts
    {
        get
        {
            EndRun();
            return _reasonCounts ??= new(StringComparer.Ordinal);
        }
    }

    /// <summary>Set when a PreFilter plugin rejected the pod outright (then node reasons are not listed).</summary>
    public string? PreFilterMessage { get; set; }

    /// <summary>What PostFilter (preemption) said, appended to the message as upstream does.</summary>
    public string? PostFilterMessage { get; set; }

    public void Record(Status status)
    {
        if (ReferenceEquals(status, _run))
        {
            _runLength++;
            return;
        }

        EndRun();
        _run = status;
        _runLength = 1;
    }

    public void Merge(Diagnosis other)
    {
        NodeCount += other.NodeCount;
        AddReasons(other.ReasonCounts);
        PreFilterMessage ??= other.PreFilterMessage;
        PostFilterMessage ??= other.PostFilterMessage;
    }

    /// <summary>Adds reason counts given elsewhere (another shard's, the topology ledger's refusals) to this histogram.</summary>
    public void AddReasons(IReadOnlyDictionary<string, int> reasons)
    {
        foreach (var (reason, count) in reasons)
        {
            ReasonCounts[reason] = ReasonCounts.GetValueOrDefault(reason) + count;
        }
    }

    private void EndRun()
    {
        if (_run is { } run)
        {
            _run = null;
            Add(_reasonCounts ??= new(StringComparer.Ordinal), run.Reasons, _runLength);
        }
    }

    private static void Add(Dictionary<string, int> counts, IReadOnlyList<string> reasons, int times)
    {
        // Indexed, not foreach: an interface enumerator would be allocated per call.
        for (var i = 0; i < reasons.Count; i++)
        {
            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, reasons[i], out _);
            count += times;
        }
    }

    /// <summary>Upstream's <c>0/5 nodes are available: 3 Insufficient cpu, 2 node(s) had untolerated taint {gpu: true}.</c></summary>
    public string Message()
    {
        var message = $"0/{NodeCount} nodes are available:";
        if (PreFilterMessage is not null)
        {
            message += $" {PreFilterMessage}.";
        }
        else if (ReasonCounts.Count > 0)
        {
            message += " " + string.Join(", ", ReasonCounts.Select(r => $"{r.Value} {r.Key}").Order(StringComparer.Ordinal)) + ".";
        }

        if (PostFilterMessage is not null)
        {
            message += " " + PostFilterMessage;
        }

        return message;
    }
}
