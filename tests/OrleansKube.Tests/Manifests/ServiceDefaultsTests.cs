using OrleansKube.Manifests.Defaulting;

namespace OrleansKube.Tests.Manifests;

/// <summary>Upstream's SetDefaults_Service: what a Service written without them reads back with.</summary>
public class ServiceDefaultsTests
{
    public sealed record DefaultsCase(string Sentence, ServiceSpec Spec, Func<ServiceSpec, object?> Field, object? Expected)
    {
        public override string ToString() => Sentence;
    }

    private static ServiceSpec Spec(ServiceType? type = null, string? affinity = null) =>
        new() { Type = type, SessionAffinity = affinity, Ports = [new ServicePort { Port = 80 }] };

    public static TheoryData<DefaultsCase> Cases() =>
    [
        new DefaultsCase("a Service without a type is a ClusterIP one", Spec(), s => s.Type, ServiceType.ClusterIP),
        new DefaultsCase("a ClusterIP Service's internal traffic stays cluster-wide", Spec(), s => s.InternalTrafficPolicy, "Cluster"),
        new DefaultsCase("a ClusterIP Service has no external traffic policy", Spec(), s => s.ExternalTrafficPolicy, null),
        new DefaultsCase("a NodePort Service's external traffic is cluster-wide", Spec(ServiceType.NodePort), s => s.ExternalTrafficPolicy, "Cluster"),
        new DefaultsCase("a LoadBalancer allocates node ports", Spec(ServiceType.LoadBalancer), s => s.AllocateLoadBalancerNodePorts, true),
        new DefaultsCase("a NodePort Service says nothing of load-balancer node ports", Spec(ServiceType.NodePort), s => s.AllocateLoadBalancerNodePorts, null),
        new DefaultsCase("an ExternalName Service has no internal traffic policy", new ServiceSpec { Type = ServiceType.ExternalName, ExternalName = "db.example.com" }, s => s.InternalTrafficPolicy, null),
        new DefaultsCase("ClientIP affinity keeps a client for three hours", Spec(affinity: "ClientIP"), s => s.SessionAffinityConfig?.ClientIP?.TimeoutSeconds, 10800),
        new DefaultsCase("no affinity drops an affinity config", Spec() with { SessionAffinityConfig = new SessionAffinityConfig { ClientIP = new ClientIPConfig { TimeoutSeconds = 60 } } }, s => s.SessionAffinityConfig, null),
        new DefaultsCase("a port aims at itself over TCP", Spec(), s => $"{s.Ports![0].Protocol} -> {s.Ports[0].TargetPort}", "TCP -> 80"),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_ServiceSpec_FillsUpstreamsDefaults(DefaultsCase c)
    {
        var service = new Service { Metadata = new ObjectMeta { Name = "web" }, Spec = c.Spec };

        ObjectDefaults.Apply(service);

        Assert.Equal(c.Expected, c.Field(service.Spec!));
    }
}
