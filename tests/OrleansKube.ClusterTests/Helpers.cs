using OrleansKube.Model.Resources;

namespace OrleansKube.ClusterTests;

internal static class Helpers
{
    private static int _namespaces;

    public static async Task<string> CreateNamespaceAsync(ClusterFixture cluster, string prefix)
    {
        var name = $"{prefix}-{Interlocked.Increment(ref _namespaces)}";
        await cluster.Api.ApplyAsync([new Namespace { Metadata = new ObjectMeta { Name = name } }], ApplyMode.Apply);
        return name;
    }

    public static Pod Pod(string ns, string name, string cpu = "100m", string memory = "64Mi", string? nodeName = null, Dictionary<string, string>? nodeSelector = null, Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = labels },
        Spec = new PodSpec
        {
            NodeName = nodeName,
            NodeSelector = nodeSelector,
            Containers =
            [
                new Container
                {
                    Name = "app",
                    Image = "nginx:1.27",
                    Resources = new ResourceRequirements { Requests = new() { ["cpu"] = Quantity.Parse(cpu), ["memory"] = Quantity.Parse(memory) } },
                },
            ],
        },
    };

    public static async Task<Pod> GetPodAsync(ClusterFixture cluster, string ns, string name) =>
        (Pod)(await cluster.Api.GetAsync("Pod", ns, name) ?? throw new InvalidOperationException($"pod {ns}/{name} not found"));

    public static async Task<Pod> WaitForPodAsync(ClusterFixture cluster, string ns, string name, Func<Pod, bool> condition)
    {
        Pod? pod = null;
        await Eventually.HoldsAsync(async () => (pod = (Pod?)await cluster.Api.GetAsync("Pod", ns, name)) is { } p && condition(p), $"pod {ns}/{name} reaches the expected state");
        return pod!;
    }
}
