using OrleansKube.Manifests.Validation;
using OrleansKube.Model.Networking;

namespace OrleansKube.Tests.Networking;

/// <summary>Ingress and IngressClass validation with upstream's messages (cases after pkg/apis/networking/validation's tests).</summary>
public class IngressValidatorTests
{
    public sealed record IngressCase(string Sentence, Action<Ingress> Change, string[] Errors)
    {
        public override string ToString() => Sentence;
    }

    public sealed record ClassCase(string Sentence, IngressClassSpec Spec, string[] Errors)
    {
        public override string ToString() => Sentence;
    }

    private static IngressBackend Service(string name = "web", int? number = 80, string? port = null) =>
        new() { Service = new IngressServiceBackend { Name = name, Port = new ServiceBackendPort { Number = number, Name = port } } };

    private static Ingress Valid() => new()
    {
        Metadata = new ObjectMeta { Name = "shop", Namespace = "default" },
        Spec = new IngressSpec
        {
            IngressClassName = "orleanskube",
            DefaultBackend = Service("fallback"),
            Tls = [new IngressTls { Hosts = ["shop.example.com", "*.example.com"], SecretName = "shop-tls" }],
            Rules =
            [
                new IngressRule
                {
                    Host = "shop.example.com",
                    Http = new HttpIngressRuleValue
                    {
                        Paths =
                        [
                            new HttpIngressPath { Path = "/cart", PathType = PathType.Prefix, Backend = Service("cart", number: null, port: "http") },
                            new HttpIngressPath { Path = "/", PathType = PathType.Exact, Backend = Service() },
                            new HttpIngressPath { PathType = PathType.ImplementationSpecific, Backend = new IngressBackend { Resource = new TypedLocalObjectReference { ApiGroup = "k8s.example.com", Kind = "StorageBucket", Name = "static" } } },
                        ],
                    },
                },
                new IngressRule { Http = new HttpIngressRuleValue { Paths = [new HttpIngressPath { Path = "/", PathType = PathType.Prefix, Backend = Service() }] } },
            ],
        },
    };

    private static HttpIngressPath FirstPath(Ingress i) => i.Spec!.Rules![0].Http!.Paths![0];

    public static TheoryData<IngressCase> IngressCases() =>
    [
        new IngressCase("a full ingress is valid", _ => { }, []),
        new IngressCase("neither rules nor a default backend is refused", i => { i.Spec!.Rules = null; i.Spec.DefaultBackend = null; },
            ["spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified"]),
        new IngressCase("empty rules and no default backend is refused", i => { i.Spec!.Rules = []; i.Spec.DefaultBackend = null; },
            ["spec: Invalid value: []networking.IngressRule{}: either `defaultBackend` or `rules` must be specified"]),
        new IngressCase("a path without pathType is refused", i => FirstPath(i).PathType = null,
            ["spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified"]),
        new IngressCase("a Prefix path must begin with a slash", i => FirstPath(i).Path = "cart",
            ["spec.rules[0].http.paths[0].path: Invalid value: \"cart\": must be an absolute path"]),
        new IngressCase("an Exact path without a path is refused", i => { FirstPath(i).Path = null; FirstPath(i).PathType = PathType.Exact; },
            ["spec.rules[0].http.paths[0].path: Invalid value: \"\": must be an absolute path"]),
        new IngressCase("a Prefix path may not contain a double slash", i => FirstPath(i).Path = "/a//b",
            ["spec.rules[0].http.paths[0].path: Invalid value: \"/a//b\": must not contain '//'"]),
        new IngressCase("a Prefix path may not end in a dot segment", i => FirstPath(i).Path = "/a/..",
            ["spec.rules[0].http.paths[0].path: Invalid value: \"/a/..\": cannot end with '/..'"]),
        new IngressCase("an ImplementationSpecific path may be relative-looking only when empty", i => { FirstPath(i).PathType = PathType.ImplementationSpecific; FirstPath(i).Path = "cart"; },
            ["spec.rules[0].http.paths[0].path: Invalid value: \"cart\": must be an absolute path"]),
        new IngressCase("a path needs a backend", i => FirstPath(i).Backend = null,
            ["spec.rules[0].http.paths[0].backend: Invalid value: \"\": resource or service backend is required"]),
        new IngressCase("a backend may not name both a service and a resource", i => FirstPath(i).Backend!.Resource = new TypedLocalObjectReference { Kind = "Bucket", Name = "b" },
            ["spec.rules[0].http.paths[0].backend: Invalid value: \"\": cannot set both resource and service backends"]),
        new IngressCase("a service backend needs a port", i => i.Spec!.DefaultBackend!.Service!.Port = null,
            ["spec.defaultBackend: Required value: port name or number is required"]),
        new IngressCase("a service backend may not name a port by both name and number", i => i.Spec!.DefaultBackend!.Service!.Port = new ServiceBackendPort { Name = "http", Number = 80 },
            ["spec.defaultBackend: Invalid value: \"\": cannot set both port name & port number"]),
        new IngressCase("a port number is at most 65535", i => i.Spec!.DefaultBackend!.Service!.Port!.Number = 70000,
            ["spec.defaultBackend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive"]),
        new IngressCase("a port name is an IANA service name", i => i.Spec!.DefaultBackend!.Service!.Port = new ServiceBackendPort { Name = "8080" },
            ["spec.defaultBackend.service.port.name: Invalid value: \"8080\": must contain at least one letter (a-z)"]),
        new IngressCase("a service backend needs a name", i => i.Spec!.DefaultBackend!.Service!.Name = null,
            ["spec.defaultBackend.service.name: Required value"]),
        new IngressCase("a service name is a DNS-1035 label", i => i.Spec!.DefaultBackend!.Service!.Name = "1web",
            ["spec.defaultBackend.service.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]),
        new IngressCase("a resource backend needs a kind and a name", i => FirstPath(i).Backend = new IngressBackend { Resource = new TypedLocalObjectReference() },
            ["spec.rules[0].http.paths[0].backend.resource.kind: Required value", "spec.rules[0].http.paths[0].backend.resource.name: Required value"]),
        new IngressCase("a rule's host may not be an IP address", i => i.Spec!.Rules![0].Host = "10.0.0.1",
            ["spec.rules[0].host: Invalid value: \"10.0.0.1\": must be a DNS name, not an IP address"]),
        new IngressCase("a wildcard host must be *.subdomain", i => i.Spec!.Rules![0].Host = "shop.*.com",
            ["spec.rules[0].host: Invalid value: \"shop.*.com\": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]),
        new IngressCase("a rule with http needs paths", i => i.Spec!.Rules![1].Http!.Paths = [],
            ["spec.rules[1].http.paths: Required value"]),
        new IngressCase("a TLS secret name is a DNS subdomain", i => i.Spec!.Tls![0].SecretName = "Shop_TLS",
            ["spec.tls[0].secretName: Invalid value: \"Shop_TLS\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]),
        new IngressCase("the class annotation must match ingressClassName", i => i.Metadata.Annotations = new() { ["kubernetes.io/ingress.class"] = "nginx" },
            ["annotations.kubernetes.io/ingress.class: Invalid value: \"nginx\": must match `ingressClassName` when both are specified"]),
    ];

    [Theory]
    [MemberData(nameof(IngressCases))]
    public void Validate_Ingress_ReportsUpstreamsErrors(IngressCase c)
    {
        var ingress = Valid();
        c.Change(ingress);

        var errors = ObjectValidator.Validate(ingress).Select(e => e.ToString());

        Assert.Equal(c.Errors, errors);
    }

    public static TheoryData<ClassCase> ClassCases() =>
    [
        new ClassCase("a controller and cluster-scoped parameters are valid", new IngressClassSpec { Controller = "example.com/ingress", Parameters = new IngressClassParametersReference { ApiGroup = "k8s.example.com", Kind = "IngressParameters", Name = "external", Scope = "Cluster" } }, []),
        new ClassCase("a controller is required", new IngressClassSpec(), ["spec.controller: Required value"]),
        new ClassCase("a controller is a domain-prefixed path", new IngressClassSpec { Controller = "nginx" }, ["spec.controller: Invalid value: \"nginx\": must be a domain-prefixed path (such as \"acme.io/foo\")"]),
        new ClassCase("namespace-scoped parameters need a namespace", new IngressClassSpec { Controller = "example.com/ingress", Parameters = new IngressClassParametersReference { Kind = "P", Name = "p", Scope = "Namespace" } },
            ["spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'"]),
        new ClassCase("cluster-scoped parameters may not name a namespace", new IngressClassSpec { Controller = "example.com/ingress", Parameters = new IngressClassParametersReference { Kind = "P", Name = "p", Scope = "Cluster", Namespace = "default" } },
            ["spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'"]),
        new ClassCase("an unknown scope is refused", new IngressClassSpec { Controller = "example.com/ingress", Parameters = new IngressClassParametersReference { Kind = "P", Name = "p", Scope = "Global" } },
            ["spec.parameters.scope: Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespace\""]),
        new ClassCase("a parameter name may not contain a slash", new IngressClassSpec { Controller = "example.com/ingress", Parameters = new IngressClassParametersReference { Kind = "P", Name = "a/b", Scope = "Cluster" } },
            ["spec.parameters.name: Invalid value: \"a/b\": may not contain '/'"]),
    ];

    [Theory]
    [MemberData(nameof(ClassCases))]
    public void Validate_IngressClass_ReportsUpstreamsErrors(ClassCase c)
    {
        var errors = ObjectValidator.Validate(new IngressClass { Metadata = new ObjectMeta { Name = "external" }, Spec = c.Spec }).Select(e => e.ToString());

        Assert.Equal(c.Errors, errors);
    }

    [Fact]
    public void CheckUpdate_ControllerChanged_IsImmutable()
    {
        var before = new IngressClass { Metadata = new ObjectMeta { Name = "c" }, Spec = new IngressClassSpec { Controller = "example.com/a" } };
        var after = before with { Spec = new IngressClassSpec { Controller = "example.com/b" } };

        Assert.Equal("spec.controller: Invalid value: \"example.com/b\": field is immutable", IngressValidator.CheckUpdate(before, after)?.ToString());
        Assert.Null(IngressValidator.CheckUpdate(before, before with { }));
    }
}
