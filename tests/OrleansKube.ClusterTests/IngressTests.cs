using System.Text.Json.Nodes;
using OrleansKube.Control.Networking;
using OrleansKube.Manifests.Printing;
using OrleansKube.Manifests.Reading;
using OrleansKube.Model.Networking;
using OrleansKube.Model.Serialization;

namespace OrleansKube.ClusterTests;

public sealed class IngressTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    // The deck 004 Ingress (extensions/v1beta1) in networking.k8s.io/v1, with every field of the kind.
    private const string FullIngress = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: my-ingress
          labels:
            app: shop
          annotations:
            example.com/owner: decks
        spec:
          ingressClassName: orleanskube
          defaultBackend:
            service:
              name: other
              port:
                number: 8080
          tls:
          - hosts:
            - foo.mydomain.com
            - "*.mydomain.com"
            secretName: mydomain-tls
          rules:
          - host: foo.mydomain.com
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: foo
                    port:
                      name: http
          - host: mydomain.com
            http:
              paths:
              - path: /bar/
                pathType: ImplementationSpecific
                backend:
                  service:
                    name: bar
                    port:
                      number: 8080
              - path: /bar/exact
                pathType: Exact
                backend:
                  resource:
                    apiGroup: k8s.example.com
                    kind: StorageBucket
                    name: static-assets
        """;

    private static Ingress Simple(string ns, string name, string? className = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new IngressSpec
        {
            IngressClassName = className,
            Rules = [new IngressRule { Http = new HttpIngressRuleValue { Paths = [new HttpIngressPath { Path = "/", PathType = PathType.Prefix, Backend = new IngressBackend { Service = new IngressServiceBackend { Name = "web", Port = new ServiceBackendPort { Number = 80 } } } }] } }],
        },
    };

    private async Task<Ingress> GetAsync(string ns, string name) => (Ingress)(await cluster.Api.GetAsync("ingresses", ns, name))!;

    [Fact]
    public async Task Bootstrap_CreatesTheSimulatedControllersDefaultClass()
    {
        var stored = (IngressClass)(await cluster.Api.GetAsync("ingressclasses", null, IngressAddresses.DefaultClassName))!;

        Assert.Equal(IngressAddresses.Controller, stored.Spec!.Controller);
        Assert.Equal("true", stored.Metadata.Annotations![IngressClass.IsDefaultClassAnnotation]);
    }

    [Fact]
    public async Task Ingress_WithoutClass_GetsTheNewestDefaultClass_AndItsControllersAddress()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "ing");
        var className = cluster.UniqueName("shop-lb");
        var ingressClass = new IngressClass
        {
            Metadata = new ObjectMeta { Name = className, Annotations = new() { [IngressClass.IsDefaultClassAnnotation] = "true" } },
            Spec = new IngressClassSpec { Controller = IngressAddresses.Controller },
        };
        // Newer than the bootstrap's class (classes made in the same second are taken by name, and "orleanskube" is first).
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));
        await cluster.Api.ApplyAsync([ingressClass], ApplyMode.Apply);
        try
        {
            await cluster.Api.ApplyAsync([Simple(ns, "web"), Simple(ns, "elsewhere", "nginx")], ApplyMode.Apply);
            await cluster.SettleAsync();

            var web = await GetAsync(ns, "web");
            Assert.Equal(className, web.Spec!.IngressClassName);
            var address = IngressAddresses.AddressOf(className);
            Assert.Equal(address, Assert.Single(web.Status!.LoadBalancer!.Ingress!).Ip);
            var row = Assert.Single(ObjectTables.For(Kinds.Ingress, [web], await cluster.Api.NowAsync()).Rows);
            Assert.Equal(new object?[] { "web", className, "*", address, "80", "0s" }, row.Cells);

            // A class no controller here serves: named as written, and no address (no controller publishes one).
            var elsewhere = await GetAsync(ns, "elsewhere");
            Assert.Equal("nginx", elsewhere.Spec!.IngressClassName);
            Assert.Null(elsewhere.Status?.LoadBalancer?.Ingress);

            // The class appearing later: the simulated controller now serves the Ingress that named it.
            await cluster.Api.ApplyAsync([new IngressClass { Metadata = new ObjectMeta { Name = "nginx" }, Spec = new IngressClassSpec { Controller = IngressAddresses.Controller } }], ApplyMode.Apply);
            Assert.Equal(IngressAddresses.AddressOf("nginx"), Assert.Single((await GetAsync(ns, "elsewhere")).Status!.LoadBalancer!.Ingress!).Ip);
        }
        finally
        {
            // The other tests of the class see the bootstrap's default class alone again.
            foreach (var name in new[] { className, "nginx" })
            {
                if (await cluster.Api.GetAsync("ingressclasses", null, name) is not null)
                {
                    await cluster.Api.DeleteAsync("ingressclasses", null, name);
                }
            }
        }
    }

    [Fact]
    public async Task Ingress_FullManifest_ReadsBackAsWritten_ApartFromServerFieldsAndStatus()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "ing-rt");
        var written = ManifestReader.ReadText(FullIngress, "my-ingress.yaml").Single().Object;
        written.Metadata.Namespace = ns;

        await cluster.Api.ApplyAsync([written], ApplyMode.Apply);
        var stored = await GetAsync(ns, "my-ingress");

        Assert.Equal(IngressAddresses.AddressOf(IngressAddresses.DefaultClassName), Assert.Single(stored.Status!.LoadBalancer!.Ingress!).Ip);
        var expected = JsonNode.Parse(KubeJson.Serialize(written))!.AsObject();
        var actual = JsonNode.Parse(KubeJson.Serialize(stored))!.AsObject();
        actual.Remove("status");
        foreach (var serverField in new[] { "uid", "resourceVersion", "generation", "creationTimestamp" })
        {
            Assert.NotNull(actual["metadata"]![serverField]);
            actual["metadata"]!.AsObject().Remove(serverField);
        }

        Assert.Equal(expected.ToJsonString(), actual.ToJsonString());
        var row = Assert.Single(ObjectTables.For(Kinds.Ingress, [stored], await cluster.Api.NowAsync()).Rows);
        Assert.Equal(new object?[] { "my-ingress", "orleanskube", "foo.mydomain.com,mydomain.com", IngressAddresses.AddressOf("orleanskube"), "80, 443", "0s" }, row.Cells);
    }

    [Fact]
    public async Task Ingress_Invalid_IsRefusedWithUpstreamsFieldErrors()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "ing-bad");
        var ingress = Simple(ns, "bad");
        ingress.Spec!.Rules![0].Http!.Paths![0].PathType = null;

        var refused = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.ApplyAsync([ingress], ApplyMode.Apply));

        Assert.Equal("Ingress \"bad\" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified", refused.Message);
    }
}
