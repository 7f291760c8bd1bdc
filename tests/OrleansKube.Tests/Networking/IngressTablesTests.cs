using OrleansKube.Manifests.Printing;
using OrleansKube.Model.Networking;

namespace OrleansKube.Tests.Networking;

/// <summary><c>kubectl get ingress</c> and <c>get ingressclass</c> cells as upstream's printIngress and printIngressClass (v1.32) make them.</summary>
public class IngressTablesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public sealed record IngressCellsCase(string Sentence, IngressSpec Spec, IngressStatus? Status, object?[] Cells)
    {
        public override string ToString() => Sentence;
    }

    private static IngressRule Rule(string? host) => new() { Host = host };

    private static IngressStatus Addresses(params IngressLoadBalancerIngress[] ingress) => new() { LoadBalancer = new IngressLoadBalancerStatus { Ingress = [.. ingress] } };

    public static TheoryData<IngressCellsCase> IngressCases() =>
    [
        new IngressCellsCase("no host is every host, no class <none>, no address blank", new IngressSpec { Rules = [Rule(null)] }, null, ["web", "<none>", "*", "", "80", "5m"]),
        new IngressCellsCase("hosts joined, TLS adds 443, the address shown", new IngressSpec { IngressClassName = "orleanskube", Rules = [Rule("a.example.com"), Rule("b.example.com")], Tls = [new IngressTls { Hosts = ["a.example.com"] }] },
            Addresses(new IngressLoadBalancerIngress { Ip = "198.51.100.7" }), ["web", "orleanskube", "a.example.com,b.example.com", "198.51.100.7", "80, 443", "5m"]),
        new IngressCellsCase("past three hosts the rest are counted", new IngressSpec { Rules = [Rule("a"), Rule("b"), Rule(""), Rule("c"), Rule("d")] }, null, ["web", "<none>", "a,b,c + 2 more...", "", "80", "5m"]),
        new IngressCellsCase("addresses sorted, a hostname where there is no IP", new IngressSpec { DefaultBackend = new IngressBackend() },
            Addresses(new IngressLoadBalancerIngress { Ip = "10.0.0.2" }, new IngressLoadBalancerIngress { Hostname = "lb.example.com" }, new IngressLoadBalancerIngress { Ip = "10.0.0.1" }),
            ["web", "<none>", "*", "10.0.0.1,10.0.0.2,lb.example.com", "80", "5m"]),
    ];

    [Theory]
    [MemberData(nameof(IngressCases))]
    public void For_Ingress_PrintsUpstreamsCells(IngressCellsCase c)
    {
        var ingress = new Ingress { Metadata = new ObjectMeta { Name = "web", Namespace = "default", CreationTimestamp = Now.AddMinutes(-5) }, Spec = c.Spec, Status = c.Status };

        var row = Assert.Single(ObjectTables.For(Kinds.Ingress, [ingress], Now).Rows);

        Assert.Equal(c.Cells, row.Cells);
    }

    [Fact]
    public void For_IngressClass_PrintsControllerAndParameters()
    {
        var withParameters = new IngressClass
        {
            Metadata = new ObjectMeta { Name = "external", CreationTimestamp = Now.AddHours(-2) },
            Spec = new IngressClassSpec { Controller = "example.com/ingress", Parameters = new IngressClassParametersReference { ApiGroup = "k8s.example.com", Kind = "IngressParameters", Name = "lb" } },
        };
        var plain = new IngressClass { Metadata = new ObjectMeta { Name = "orleanskube", CreationTimestamp = Now.AddHours(-2) }, Spec = new IngressClassSpec { Controller = "orleanskube.io/ingress" } };

        var rows = ObjectTables.For(Kinds.IngressClass, [withParameters, plain], Now).Rows;

        Assert.Equal(new object?[] { "external", "example.com/ingress", "IngressParameters.k8s.example.com/lb", "120m" }, rows[0].Cells);
        Assert.Equal(new object?[] { "orleanskube", "orleanskube.io/ingress", "<none>", "120m" }, rows[1].Cells);
    }
}
