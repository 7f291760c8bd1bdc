using OrleansKube.Control.Networking;
using OrleansKube.Model.Networking;

namespace OrleansKube.Tests.Networking;

/// <summary>The default class at admission (upstream's DefaultIngressClass plugin) and the simulated controller's address.</summary>
public class IngressAdmissionTests
{
    private static readonly DateTimeOffset Then = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static IngressClass Class(string name, bool isDefault, DateTimeOffset? created = null, string controller = IngressAddresses.Controller) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            CreationTimestamp = created ?? Then,
            Annotations = isDefault ? new() { [IngressClass.IsDefaultClassAnnotation] = "true" } : null,
        },
        Spec = new IngressClassSpec { Controller = controller },
    };

    private static Ingress Ingress(string? className = null, Dictionary<string, string>? annotations = null) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "default", Annotations = annotations },
        Spec = new IngressSpec { IngressClassName = className, DefaultBackend = new IngressBackend() },
    };

    [Fact]
    public void Admit_NoClassAndOneDefault_NamesTheDefault()
    {
        var ingress = Ingress();

        DefaultIngressClass.Admit(ingress, [Class("other", isDefault: false), Class("main", isDefault: true)]);

        Assert.Equal("main", ingress.Spec!.IngressClassName);
    }

    [Fact]
    public void Admit_SeveralDefaults_NamesTheNewest()
    {
        var ingress = Ingress();

        DefaultIngressClass.Admit(ingress, [Class("old", true, Then), Class("new", true, Then.AddMinutes(1)), Class("b", true, Then)]);

        Assert.Equal("new", ingress.Spec!.IngressClassName);
    }

    [Fact]
    public void Admit_NoDefault_LeavesTheClassUnset()
    {
        var ingress = Ingress();

        DefaultIngressClass.Admit(ingress, [Class("other", isDefault: false), Class("off", isDefault: false) with { Metadata = new ObjectMeta { Name = "off", Annotations = new() { [IngressClass.IsDefaultClassAnnotation] = "false" } } }]);

        Assert.Null(ingress.Spec!.IngressClassName);
    }

    [Theory]
    [InlineData("named")]
    [InlineData("")]
    public void Admit_ClassAlreadyNamed_IsKept(string name)
    {
        var ingress = Ingress(name);

        DefaultIngressClass.Admit(ingress, [Class("main", isDefault: true)]);

        Assert.Equal(name, ingress.Spec!.IngressClassName);
    }

    [Fact]
    public void Admit_ClassAnnotation_IsNotDefaulted()
    {
        var ingress = Ingress(annotations: new() { ["kubernetes.io/ingress.class"] = "nginx" });

        DefaultIngressClass.Admit(ingress, [Class("main", isDefault: true)]);

        Assert.Null(ingress.Spec!.IngressClassName);
    }

    [Fact]
    public void StatusFor_OwnClass_IsTheClassesStableAddressInTestNet2()
    {
        var status = IngressAddresses.StatusFor(Ingress("orleanskube"), [IngressAddresses.DefaultClass]);

        var address = Assert.Single(status!.LoadBalancer!.Ingress!).Ip!;
        Assert.StartsWith("198.51.100.", address, StringComparison.Ordinal);
        Assert.Equal(IngressAddresses.AddressOf("orleanskube"), address);
        Assert.Equal(address, IngressAddresses.AddressOf("orleanskube"));
        Assert.InRange(int.Parse(address["198.51.100.".Length..], System.Globalization.CultureInfo.InvariantCulture), 1, 254);
    }

    [Fact]
    public void StatusFor_OtherControllersOrUnknownClass_IsNothing()
    {
        Assert.Null(IngressAddresses.StatusFor(Ingress("nginx"), [Class("nginx", false, controller: "k8s.io/ingress-nginx")]));
        Assert.Null(IngressAddresses.StatusFor(Ingress("missing"), [IngressAddresses.DefaultClass]));
        Assert.Null(IngressAddresses.StatusFor(Ingress(), [IngressAddresses.DefaultClass]));
    }

    [Fact]
    public void StatusFor_AddressAlreadyWritten_IsNothingToWrite()
    {
        var ingress = Ingress("orleanskube");
        ingress.Status = IngressAddresses.StatusFor(ingress, [IngressAddresses.DefaultClass]);

        Assert.Null(IngressAddresses.StatusFor(ingress, [IngressAddresses.DefaultClass]));
    }
}
