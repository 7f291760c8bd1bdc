namespace OrleansKube.Control.Networking;

/// <summary>
/// The simulated ingress controller: every Ingress whose IngressClass names <see cref="Controller"/> is served at one
/// address per class, written to <c>status.loadBalancer.ingress</c> as a real controller publishes its load balancer's
/// address (so <c>kubectl get ingress</c> shows an ADDRESS). Addresses come from TEST-NET-2, 198.51.100.0/24 (RFC 5737,
/// reserved for documentation, so never a real host): <c>198.51.100.N</c>, N = 1 + FNV-1a(class name) mod 254, the
/// same for every Ingress of the class and across restarts. Ingresses of other controllers' classes are left alone.
/// </summary>
public static class IngressAddresses
{
    /// <summary>The controller name of the simulated ingress controller.</summary>
    public const string Controller = "orleanskube.io/ingress";

    /// <summary>The class the cluster creates at bootstrap, marked default.</summary>
    public const string DefaultClassName = "orleanskube";

    /// <summary>The bootstrap's IngressClass: <c>orleanskube</c>, served by the simulated controller, marked default.</summary>
    public static IngressClass DefaultClass => new()
    {
        ApiVersion = Kinds.IngressClass.ApiVersion,
        Kind = Kinds.IngressClass.Kind,
        Metadata = new ObjectMeta
        {
            Name = DefaultClassName,
            Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [IngressClass.IsDefaultClassAnnotation] = "true" },
        },
        Spec = new IngressClassSpec { Controller = Controller },
    };

    /// <summary>The address of a class served by the simulated controller.</summary>
    public static string AddressOf(string className)
    {
        var hash = 2166136261u;
        foreach (var c in className)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return $"198.51.100.{1 + (hash % 254)}";
    }

    /// <summary>
    /// The status the simulated controller writes for <paramref name="ingress"/>, or null when it does not serve the
    /// Ingress (no class, a class it does not know, another controller's class) or the status already says so.
    /// </summary>
    public static IngressStatus? StatusFor(Ingress ingress, IEnumerable<IngressClass> classes)
    {
        if (ingress.Spec?.IngressClassName is not { } className
            || classes.FirstOrDefault(c => c.Metadata.Name == className) is not { Spec.Controller: Controller })
        {
            return null;
        }

        var address = AddressOf(className);
        return ingress.Status?.LoadBalancer?.Ingress is [{ Ip: var ip, Hostname: null }] && ip == address
            ? null
            : new IngressStatus { LoadBalancer = new IngressLoadBalancerStatus { Ingress = [new IngressLoadBalancerIngress { Ip = address }] } };
    }
}
