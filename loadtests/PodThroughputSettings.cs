namespace OrleansKube.LoadTests;

public sealed record PodThroughputSettings(int Nodes, int Pods, int Batch, int Parallel, TimeSpan PodStartDelay, TimeSpan Timeout, string? Gateway)
{
    public string? Validate() =>
        Nodes < 1 && Gateway is null ? "--nodes: must be at least 1"
        : Pods < 1 ? "--pods: must be at least 1"
        : Batch < 1 ? "--batch: must be at least 1"
        : Parallel < 1 ? "--parallel: must be at least 1"
        : PodStartDelay < TimeSpan.Zero ? "--pod-start-seconds: must be greater than or equal to 0"
        : null;
}
