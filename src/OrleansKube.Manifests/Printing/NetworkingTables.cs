namespace OrleansKube.Manifests.Printing;

/// <summary>The tables of networking.k8s.io kinds, as upstream prints them (<c>printIngress</c>, <c>printIngressClass</c>).</summary>
internal static class NetworkingTables
{
    // Upstream's formatHosts: at most three hosts, then "+ N more...".
    private const int MaxHosts = 3;

    public static readonly KindTable Ingress = new(
        [
            Columns.Name,
            Columns.Text("Class", "The name of the IngressClass resource that should be used for ingress."),
            Columns.Text("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
            Columns.Text("Address", "Address is a list containing ingress points for the load-balancer"),
            Columns.Text("Ports", "Ports of TLS configurations that open"),
            Columns.Age,
        ],
        static (o, now) =>
        {
            var ingress = (Model.Networking.Ingress)o;
            var spec = ingress.Spec;
            return
            [
                o.Metadata.Name, spec?.IngressClassName ?? "<none>", Hosts(spec?.Rules), Address(ingress.Status?.LoadBalancer),
                spec?.Tls is { Count: > 0 } ? "80, 443" : "80", CellText.AgeOf(o, now),
            ];
        });

    public static readonly KindTable IngressClass = new(
        [
            Columns.Name,
            Columns.Text("Controller", "Controller that is responsible for handling this class"),
            Columns.Text("Parameters", "A reference to a resource with additional parameters"),
            Columns.Age,
        ],
        static (o, now) =>
        {
            var ingressClass = (Model.Networking.IngressClass)o;
            var parameters = ingressClass.Spec?.Parameters is { } p
                ? $"{p.Kind}{(p.ApiGroup is { } group ? "." + group : "")}/{p.Name}"
                : "<none>";
            return [o.Metadata.Name, ingressClass.Spec?.Controller ?? "", parameters, CellText.AgeOf(o, now)];
        });

    /// <summary>printNetworkPolicy: the pod selector as metav1.FormatLabelSelector writes it.</summary>
    public static readonly KindTable NetworkPolicy = new(
        [
            Columns.Name,
            Columns.Text("Pod-Selector", "podSelector selects the pods to which this NetworkPolicy object applies. The array of ingress rules is applied to any pods selected by this field. Multiple network policies can select the same set of pods. In this case, the ingress rules for each are combined additively. This field is NOT optional and follows standard label selector semantics. An empty podSelector matches all pods in this namespace."),
            Columns.Age,
        ],
        static (o, now) => [o.Metadata.Name, CellText.Selector(((Model.Networking.NetworkPolicy)o).Spec?.PodSelector), CellText.AgeOf(o, now)]);

    private static string Hosts(List<Model.Networking.IngressRule>? rules)
    {
        var hosts = new List<string>();
        var more = false;
        foreach (var rule in rules ?? [])
        {
            more |= hosts.Count == MaxHosts;
            if (!more && !string.IsNullOrEmpty(rule.Host))
            {
                hosts.Add(rule.Host);
            }
        }

        if (hosts.Count == 0)
        {
            return "*";
        }

        var text = string.Join(",", hosts);
        return more ? $"{text} + {rules!.Count - MaxHosts} more..." : text;
    }

    // The server's table is the wide one: the addresses are not cut at 16 characters, as kubectl does for its own printing.
    private static string Address(Model.Networking.IngressLoadBalancerStatus? status) =>
        string.Join(",", (status?.Ingress ?? [])
            .Select(i => !string.IsNullOrEmpty(i.Ip) ? i.Ip : i.Hostname)
            .Where(a => !string.IsNullOrEmpty(a))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal));
}
