using OrleansKube.Control.Store;

namespace OrleansKube.Tests.Kubelet;

/// <summary>Upstream's QoS table (GetPodQOS), container by container.</summary>
public class QualityOfServiceTests
{
    private static Container C(string? cpuRequest = null, string? memRequest = null, string? cpuLimit = null, string? memLimit = null, string? gpu = null)
    {
        static Dictionary<string, Quantity>? Map(params (string Key, string? Value)[] entries)
        {
            var map = entries.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => Quantity.Parse(e.Value!));
            return map.Count == 0 ? null : map;
        }

        return new Container
        {
            Name = "c",
            Resources = new ResourceRequirements
            {
                Requests = Map(("cpu", cpuRequest), ("memory", memRequest)),
                Limits = Map(("cpu", cpuLimit), ("memory", memLimit), ("nvidia.com/gpu", gpu)),
            },
        };
    }

    public sealed record Case(string Sentence, Container[] Containers, Container[] Inits, PodQosClass Expected)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<Case> Cases() =>
    [
        new Case("no requests or limits", [C()], [], PodQosClass.BestEffort),
        new Case("only an extended resource", [C(gpu: "1")], [], PodQosClass.BestEffort),
        new Case("requests only", [C("100m", "64Mi")], [], PodQosClass.Burstable),
        new Case("limits equal requests for cpu and memory", [C("1", "1Gi", "1", "1Gi")], [], PodQosClass.Guaranteed),
        new Case("a limit on cpu alone", [C("1", "1Gi", "1")], [], PodQosClass.Burstable),
        new Case("requests below limits", [C("500m", "1Gi", "1", "1Gi")], [], PodQosClass.Burstable),
        new Case("one of two containers without limits", [C("1", "1Gi", "1", "1Gi"), C("100m", "64Mi")], [], PodQosClass.Burstable),
        new Case("two guaranteed containers", [C("1", "1Gi", "1", "1Gi"), C("2", "2Gi", "2", "2Gi")], [], PodQosClass.Guaranteed),
        new Case("an init container without limits spoils it", [C("1", "1Gi", "1", "1Gi")], [C()], PodQosClass.Burstable),
        new Case("a guaranteed init container keeps it", [C("1", "1Gi", "1", "1Gi")], [C("1", "1Gi", "1", "1Gi")], PodQosClass.Guaranteed),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_FollowsTheUpstreamTable(Case c) =>
        Assert.Equal(c.Expected, QualityOfService.Compute(new PodSpec { Containers = [.. c.Containers], InitContainers = c.Inits.Length == 0 ? null : [.. c.Inits] }));
}
