using Orleans.Concurrency;

namespace OrleansKube.Grains.Abstractions;

/// <summary>
/// Where sharded schedulers admit their binds (key 0): the cluster-wide pods and nodes that rules over
/// zones and regions are checked against, one placement at a time. Kubelets keep it current one-way.
/// </summary>
[Alias("OrleansKube.ITopologyLedgerGrain")]
public interface ITopologyLedgerGrain : IGrainWithIntegerKey
{
    /// <summary>Admits each placement in order (each sees those admitted before it) onto the first candidate node that breaks no rule.</summary>
    [Alias("Admit")]
    Task<AdmissionResult> AdmitAsync(List<Placement> placements);

    [OneWay]
    [Alias("NodeChanged")]
    Task NodeChangedAsync(Immutable<Model.Core.Node> node);

    [OneWay]
    [Alias("NodeRemoved")]
    Task NodeRemovedAsync(string nodeName);

    [OneWay]
    [Alias("PodBound")]
    Task PodBoundAsync(string nodeName, Immutable<Model.Core.Pod> pod);

    /// <summary>A pod left its node, or an admitted bind did not happen.</summary>
    [OneWay]
    [Alias("PodUnbound")]
    Task PodUnboundAsync(string nodeName, string podKey);

    [Alias("Counts")]
    Task<(int Nodes, int Pods)> GetCountsAsync();
}

/// <summary>A pod a shard wants to bind, with the nodes it would take, best first.</summary>
[GenerateSerializer]
[Alias("OrleansKube.Placement")]
[Immutable]
public sealed record Placement([property: Id(0)] Model.Core.Pod Pod, [property: Id(1)] List<string> Candidates);

/// <summary>Where each pod was admitted (null: nowhere, with the reasons its candidates refused), and whether any pod may now be refused by another's anti-affinity.</summary>
[GenerateSerializer]
[Alias("OrleansKube.AdmissionResult")]
[Immutable]
public sealed record AdmissionResult([property: Id(0)] List<AdmissionVerdict> Verdicts, [property: Id(1)] bool WideAntiAffinityHolders);

[GenerateSerializer]
[Alias("OrleansKube.AdmissionVerdict")]
[Immutable]
public sealed record AdmissionVerdict([property: Id(0)] string PodKey, [property: Id(1)] string? NodeName, [property: Id(2)] Dictionary<string, int> Refusals);
