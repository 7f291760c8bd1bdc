using System.Globalization;
using OrleansKube.LoadTests;

namespace OrleansKube.ClusterTests;

/// <summary>The scheduler benchmark's pure cycle: it must schedule its pod (a refusal would time another path).</summary>
public sealed class SchedulingCycleTests
{
    [Theory]
    [InlineData("resource-fit")]
    [InlineData("node-affinity")]
    [InlineData("anti-affinity")]
    public void ScheduleOnce_EveryCase_FindsANodeTheCaseAllows(string scenario)
    {
        var cycle = SchedulingCycle.For(scenario, 30);

        // Ties between equal nodes go by the framework's random and its rotating start: every cycle is checked.
        var nodes = Enumerable.Range(0, 5).Select(_ => cycle.ScheduleOnce()).ToList();

        Assert.All(nodes, node =>
        {
            Assert.NotNull(node);
            var index = int.Parse(node["node-".Length..], CultureInfo.InvariantCulture);
            if (scenario == "node-affinity")
            {
                Assert.NotEqual(2, index % 3); // zone-a or zone-b
            }

            if (scenario == "anti-affinity")
            {
                Assert.Equal(1, index % 2); // the even nodes hold a matching pod
            }
        });
    }
}
