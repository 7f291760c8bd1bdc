namespace OrleansKube.LoadTests;

public sealed record PodThroughputSettings(int Nodes, int Pods, int Batch, int Parallel, TimeSpan PodStartDelay, TimeSpan Timeout, string? Gateway, int Deployments = 0)
{
    public string? Validate() =>
        Nodes < 1 && Gateway is null ? "--nodes: must be at least 1"
        : Pods < 1 ? "--pods: must be at least 1"
        : Batch < 1 ? "--batch: must be at least 1"
        : Parallel < 1 ? "--parallel: must be at least 1"
        : Deployments < 0 ? "--deployments: must be 0 or more"
        : Deployments > Pods ? "--deployments: must not be more than --pods"
        : PodStartDelay < TimeSpan.Zero ? "--pod-start-seconds: must be greater than or equal to 0"
        : null;
}
