namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>A scheduling plugin, named as upstream names it.</summary>
public interface IPlugin
{
    string Name { get; }
}

/// <summary>Per-pod work done once before nodes are filtered (results go to the <see cref="CycleState"/>).</summary>
public interface IPreFilterPlugin : IPlugin
{
    Status PreFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot);
}

/// <summary>Whether one node can take the pod. Must be cheap: it runs for every node considered.</summary>
public interface IFilterPlugin : IPlugin
{
    Status Filter(CycleState state, PodInfo pod, NodeInfo node);
}

/// <summary>Per-pod work before scoring the feasible nodes.</summary>
public interface IPreScorePlugin : IPlugin
{
    /// <remarks><paramref name="feasibleNodes"/> is valid during the cycle only: the framework reuses the list.</remarks>
    Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> feasibleNodes, ClusterSnapshot snapshot);
}

/// <summary>Scores a feasible node; scores are normalised to 0–100 before weighting.</summary>
public interface IScorePlugin : IPlugin
{
    long Score(CycleState state, PodInfo pod, NodeInfo node);

    /// <summary>
    /// Brings raw scores into 0–100 (upstream's ScoreExtensions). Plugins whose scores already are leave them.
    /// <paramref name="scores"/> holds one score per node of <paramref name="nodes"/>, in order, over a buffer reused by every cycle.
    /// </summary>
    void NormalizeScores(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, Span<long> scores)
    {
    }
}

/// <summary>Runs when a pod fits no node: may find room by preempting lower-priority pods (upstream's PostFilter).</summary>
public interface IPostFilterPlugin : IPlugin
{
    PostFilterResult PostFilter(SchedulingFramework framework, PodInfo pod, ClusterSnapshot snapshot);
}
