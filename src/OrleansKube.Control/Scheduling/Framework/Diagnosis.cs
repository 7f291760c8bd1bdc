namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>
/// Why a pod fits nowhere: how many nodes were looked at and a histogram of the reasons they gave.
/// Diagnoses from several shards add up into one message, worded as upstream's FitError.
/// </summary>
public sealed class Diagnosis
{
    public int NodeCount { get; set; }

    public Dictionary<string, int> ReasonCounts { get; } = new(StringComparer.Ordinal);

    /// <summary>Set when a PreFilter plugin rejected the pod outright (then node reasons are not listed).</summary>
    public string? PreFilterMessage { get; set; }

    /// <summary>What PostFilter (preemption) said, appended to the message as upstream does.</summary>
    public string? PostFilterMessage { get; set; }

    public void Record(Status status)
    {
        foreach (var reason in status.Reasons)
        {
            ReasonCounts[reason] = ReasonCounts.GetValueOrDefault(reason) + 1;
        }
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
