using OrleansKube.Manifests.Defaulting;
using OrleansKube.Manifests.Validation;
using OrleansKube.Model.Networking;

namespace OrleansKube.Tests.Networking;

/// <summary>NetworkPolicy defaulting and validation with upstream's messages (cases after pkg/apis/networking/validation's tests).</summary>
public class NetworkPolicyValidatorTests
{
    public sealed record PolicyCase(string Sentence, Action<NetworkPolicySpec> Change, string[] Errors)
    {
        public override string ToString() => Sentence;
    }

    private static NetworkPolicyPort Port(IntOrString? port, int? endPort = null) => new() { Port = port, EndPort = endPort };

    private static NetworkPolicy Valid() => new()
    {
        Metadata = new ObjectMeta { Name = "allow-web", Namespace = "default" },
        Spec = new NetworkPolicySpec
        {
            PodSelector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } },
            Ingress =
            [
                new NetworkPolicyIngressRule
                {
                    Ports = [Port(80), Port("http"), Port(30000, 32767)],
                    From =
                    [
                        new NetworkPolicyPeer { PodSelector = new LabelSelector { MatchLabels = new() { ["role"] = "frontend" } }, NamespaceSelector = new LabelSelector() },
                        new NetworkPolicyPeer { IpBlock = new IpBlock { Cidr = "172.17.0.0/16", Except = ["172.17.1.0/24"] } },
                    ],
                },
            ],
            Egress = [new NetworkPolicyEgressRule { To = [new NetworkPolicyPeer { IpBlock = new IpBlock { Cidr = "10.0.0.1/24" } }] }],
        },
    };

    public static TheoryData<PolicyCase> Cases() =>
    [
        new PolicyCase("a policy with every kind of peer and port is valid", _ => { }, []),
        new PolicyCase("an empty spec selecting every pod is valid", s => { s.Ingress = null; s.Egress = null; s.PodSelector = new LabelSelector(); }, []),
        new PolicyCase("a port number out of range", s => s.Ingress![0].Ports = [Port(70000)], ["spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive"]),
        new PolicyCase("an endPort below the port", s => s.Ingress![0].Ports = [Port(90, 80)], ["spec.ingress[0].ports[0].endPort: Invalid value: 90: must be greater than or equal to `port`"]),
        new PolicyCase("an endPort with a named port", s => s.Ingress![0].Ports = [Port("http", 90)], ["spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is non-numeric"]),
        new PolicyCase("an endPort without a port", s => s.Ingress![0].Ports = [Port(null, 90)], ["spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is not specified"]),
        new PolicyCase("a port name that is not an IANA service name", s => s.Ingress![0].Ports = [Port("http_web")], ["spec.ingress[0].ports[0].port: Invalid value: \"http_web\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"]),
        new PolicyCase("a peer naming nothing", s => s.Ingress![0].From = [new NetworkPolicyPeer()], ["spec.ingress[0].from[0]: Required value: must specify a peer"]),
        new PolicyCase("an ipBlock beside a pod selector", s => s.Egress![0].To = [new NetworkPolicyPeer { PodSelector = new LabelSelector(), IpBlock = new IpBlock { Cidr = "10.0.0.0/8" } }], ["spec.egress[0].to[0]: Forbidden: may not specify both ipBlock and another peer"]),
        new PolicyCase("an ipBlock without a cidr", s => s.Egress![0].To = [new NetworkPolicyPeer { IpBlock = new IpBlock() }], ["spec.egress[0].to[0].ipBlock.cidr: Required value"]),
        new PolicyCase("an ipBlock whose cidr is not one", s => s.Egress![0].To = [new NetworkPolicyPeer { IpBlock = new IpBlock { Cidr = "10.0.0.0" } }], ["spec.egress[0].to[0].ipBlock.cidr: Invalid value: \"10.0.0.0\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"]),
        new PolicyCase("an except outside the cidr", s => s.Egress![0].To = [new NetworkPolicyPeer { IpBlock = new IpBlock { Cidr = "10.0.0.0/16", Except = ["10.1.0.0/24", "10.0.0.0/16"] } }],
            ["spec.egress[0].to[0].ipBlock.except[0]: Invalid value: \"10.1.0.0/24\": must be a strict subset of `cidr`", "spec.egress[0].to[0].ipBlock.except[1]: Invalid value: \"10.0.0.0/16\": must be a strict subset of `cidr`"]),
        new PolicyCase("a label selector operator that needs values", s => s.PodSelector = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "app", Operator = LabelSelectorOperator.In }] },
            ["spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"]),
        new PolicyCase("three policy types", s => s.PolicyTypes = [PolicyType.Ingress, PolicyType.Egress, PolicyType.Ingress], ["spec.policyTypes: Invalid value: \"Ingress, Egress, Ingress\": may not specify more than two policyTypes"]),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_Policy_ReportsUpstreamsErrors(PolicyCase c)
    {
        var policy = Valid();
        c.Change(policy.Spec!);

        Assert.Equal(c.Errors, ObjectValidator.Validate(policy).Select(e => e.ToString()));
    }

    [Fact]
    public void Defaults_PolicyWithoutTypes_IsIngressAndEgressWhenItHasEgressRules_AndPortsAreTcp()
    {
        var withEgress = Valid();
        var ingressOnly = Valid();
        ingressOnly.Spec!.Egress = null;
        var typed = Valid();
        typed.Spec!.PolicyTypes = [PolicyType.Egress];

        ObjectDefaults.Apply(withEgress);
        ObjectDefaults.Apply(ingressOnly);
        ObjectDefaults.Apply(typed);

        Assert.Equal([PolicyType.Ingress, PolicyType.Egress], withEgress.Spec!.PolicyTypes);
        Assert.Equal([PolicyType.Ingress], ingressOnly.Spec.PolicyTypes);
        Assert.Equal([PolicyType.Egress], typed.Spec.PolicyTypes);
        Assert.All(withEgress.Spec.Ingress![0].Ports!, p => Assert.Equal(Protocol.TCP, p.Protocol));
    }
}
