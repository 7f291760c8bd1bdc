using OrleansKube.Control.Scheduling.Admission;
using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Scheduling;

/// <summary>The thin shell of <see cref="TopologyLedger"/>: one activation, so admissions are atomic.</summary>
public sealed class TopologyLedgerGrain : ResidentGrain, ITopologyLedgerGrain
{
    private readonly TopologyLedger _ledger = new();

    public Task<AdmissionResult> AdmitAsync(List<Placement> placements)
    {
        var verdicts = new List<AdmissionVerdict>(placements.Count);
        foreach (var placement in placements)
        {
            var pod = new PodInfo(placement.Pod);
            var verdict = _ledger.Admit(pod, placement.Candidates);
            verdicts.Add(new AdmissionVerdict(pod.Key, verdict.NodeName, verdict.Refusals.ReasonCounts));
        }

        return Task.FromResult(new AdmissionResult(verdicts, _ledger.HasWideAntiAffinityHolders));
    }

    public Task NodeChangedAsync(Immutable<Node> node)
    {
        _ledger.SetNode(node.Value);
        return Task.CompletedTask;
    }

    public Task NodeRemovedAsync(string nodeName)
    {
        _ledger.RemoveNode(nodeName);
        return Task.CompletedTask;
    }

    public Task PodBoundAsync(string nodeName, Immutable<Pod> pod)
    {
        _ledger.Record(nodeName, new PodInfo(pod.Value));
        return Task.CompletedTask;
    }

    public Task PodUnboundAsync(string nodeName, string podKey)
    {
        _ledger.Remove(nodeName, podKey);
        return Task.CompletedTask;
    }

    public Task<(int Nodes, int Pods)> GetCountsAsync() => Task.FromResult((_ledger.NodeCount, _ledger.PodCount));
}
