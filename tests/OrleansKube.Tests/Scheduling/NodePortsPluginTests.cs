using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Control.Scheduling.Plugins.NodePorts;

namespace OrleansKube.Tests.Scheduling;

/// <summary>Upstream's NodePorts: a host port taken on a node keeps a second pod wanting it off that node.</summary>
public class NodePortsPluginTests
{
    private static Pod WithHostPort(string name, int port, Protocol? protocol = null, string? hostIp = null) =>
        Build.Pod(name, spec: s => s.Containers[0].Ports = [new ContainerPort { Port = 8080, HostPort = port, Protocol = protocol, HostIP = hostIp }]);

    public sealed record PortCase(string Sentence, Pod Placed, Pod Incoming, bool Fits)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<PortCase> Cases() =>
    [
        new PortCase("the same port on every address conflicts", WithHostPort("a", 80), WithHostPort("b", 80), false),
        new PortCase("another port fits", WithHostPort("a", 80), WithHostPort("b", 81), true),
        new PortCase("another protocol fits", WithHostPort("a", 53, Protocol.TCP), WithHostPort("b", 53, Protocol.UDP), true),
        new PortCase("TCP is the default protocol", WithHostPort("a", 53), WithHostPort("b", 53, Protocol.TCP), false),
        new PortCase("two addresses of the node do not conflict", WithHostPort("a", 80, hostIp: "10.0.0.1"), WithHostPort("b", 80, hostIp: "10.0.0.2"), true),
        new PortCase("one address conflicts with itself", WithHostPort("a", 80, hostIp: "10.0.0.1"), WithHostPort("b", 80, hostIp: "10.0.0.1"), false),
        new PortCase("every address conflicts with any one", WithHostPort("a", 80, hostIp: "10.0.0.1"), WithHostPort("b", 80), false),
        new PortCase("any one address conflicts with every address", WithHostPort("a", 80), WithHostPort("b", 80, hostIp: "10.0.0.1"), false),
        new PortCase("a container port without a host port takes nothing", Build.Pod("a", spec: s => s.Containers[0].Ports = [new ContainerPort { Port = 80 }]), WithHostPort("b", 80), true),
        new PortCase("a pod asking for no host port fits anywhere", WithHostPort("a", 80), Build.Pod("b"), true),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Filter_HostPortsConflictAsUpstreams(PortCase c)
    {
        var snapshot = Build.Snapshot([Build.Node("n")], ("n", c.Placed));

        var status = Build.Filter(new NodePortsPlugin(), c.Incoming, snapshot, "n");

        Assert.Equal(c.Fits, status.IsSuccess);
        if (!c.Fits)
        {
            Assert.Equal([NodePortsPlugin.ErrReason], status.Reasons);
            Assert.Equal(StatusCode.Unschedulable, status.Code); // preemption may free the port
        }
    }

    [Fact]
    public void PortFreed_WhenTheLastPodHoldingItLeaves()
    {
        var snapshot = Build.Snapshot([Build.Node("n")], ("n", WithHostPort("a", 80)), ("n", WithHostPort("b", 80)));
        var node = snapshot.Get("n")!;

        node.RemovePod("default/a");
        Assert.False(Build.Filter(new NodePortsPlugin(), WithHostPort("c", 80), snapshot, "n").IsSuccess);

        node.RemovePod("default/b");
        Assert.True(Build.Filter(new NodePortsPlugin(), WithHostPort("c", 80), snapshot, "n").IsSuccess);
    }

    [Fact]
    public void DefaultProfile_KeepsASecondPodWantingTheHostPortOffTheNode_WithUpstreamsReason()
    {
        var framework = new SchedulingFramework(Control.Scheduling.Configuration.PluginRegistry.DefaultProfile(), new Random(1));
        var snapshot = Build.Snapshot([Build.Node("only")], ("only", WithHostPort("a", 80)));

        var result = framework.Schedule(new PodInfo(WithHostPort("b", 80)), snapshot);

        Assert.Null(result.NodeName);
        Assert.StartsWith("0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports.", result.Diagnosis.Message());
    }
}
