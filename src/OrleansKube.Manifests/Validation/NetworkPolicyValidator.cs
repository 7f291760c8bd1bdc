using System.Net;

namespace OrleansKube.Manifests.Validation;

/// <summary>Upstream's ValidateNetworkPolicySpec (v1.32): selectors, ports and port ranges, peers, IP blocks and policy types, with its messages.</summary>
public static class NetworkPolicyValidator
{
    private const string CidrExample = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

    public static void Validate(NetworkPolicy policy, List<FieldError> errors)
    {
        if (policy.Spec is not { } spec)
        {
            errors.Add(FieldError.Required("spec"));
            return;
        }

        WorkloadValidator.ValidateSelector(spec.PodSelector, "spec.podSelector", errors);
        for (var i = 0; i < (spec.Ingress?.Count ?? 0); i++)
        {
            var path = FieldPath.Index("spec.ingress", i);
            Ports(spec.Ingress![i].Ports, FieldPath.Child(path, "ports"), errors);
            Peers(spec.Ingress[i].From, FieldPath.Child(path, "from"), errors);
        }

        for (var i = 0; i < (spec.Egress?.Count ?? 0); i++)
        {
            var path = FieldPath.Index("spec.egress", i);
            Ports(spec.Egress![i].Ports, FieldPath.Child(path, "ports"), errors);
            Peers(spec.Egress[i].To, FieldPath.Child(path, "to"), errors);
        }

        if (spec.PolicyTypes is { Count: > 2 } types)
        {
            errors.Add(FieldError.Invalid("spec.policyTypes", string.Join(", ", types), "may not specify more than two policyTypes"));
        }
    }

    private static void Ports(List<NetworkPolicyPort>? ports, string path, List<FieldError> errors)
    {
        for (var i = 0; i < (ports?.Count ?? 0); i++)
        {
            var port = ports![i];
            var portPath = FieldPath.Index(path, i);
            var endPath = FieldPath.Child(portPath, "endPort");
            if (port.Port is not { } value)
            {
                if (port.EndPort is { } end)
                {
                    errors.Add(FieldError.Invalid(endPath, end, "may not be specified when `port` is not specified"));
                }
            }
            else if (value.IsInt)
            {
                if (value.IntValue is < 1 or > 65535)
                {
                    errors.Add(FieldError.Invalid(FieldPath.Child(portPath, "port"), value.IntValue, "must be between 1 and 65535, inclusive"));
                }

                if (port.EndPort is { } end)
                {
                    if (end < value.IntValue)
                    {
                        errors.Add(FieldError.Invalid(endPath, value.IntValue, "must be greater than or equal to `port`"));
                    }

                    if (end is < 1 or > 65535)
                    {
                        errors.Add(FieldError.Invalid(endPath, end, "must be between 1 and 65535, inclusive"));
                    }
                }
            }
            else
            {
                if (port.EndPort is { } end)
                {
                    errors.Add(FieldError.Invalid(endPath, end, "may not be specified when `port` is non-numeric"));
                }

                foreach (var problem in IngressValidator.PortNameProblems(value.StringValue ?? ""))
                {
                    errors.Add(FieldError.Invalid(FieldPath.Child(portPath, "port"), value.StringValue, problem));
                }
            }
        }
    }

    private static void Peers(List<NetworkPolicyPeer>? peers, string path, List<FieldError> errors)
    {
        for (var i = 0; i < (peers?.Count ?? 0); i++)
        {
            var peer = peers![i];
            var peerPath = FieldPath.Index(path, i);
            var count = 0;
            if (peer.PodSelector is { } pods)
            {
                count++;
                WorkloadValidator.ValidateSelector(pods, FieldPath.Child(peerPath, "podSelector"), errors);
            }

            if (peer.NamespaceSelector is { } namespaces)
            {
                count++;
                WorkloadValidator.ValidateSelector(namespaces, FieldPath.Child(peerPath, "namespaceSelector"), errors);
            }

            if (peer.IpBlock is { } block)
            {
                count++;
                ValidateIpBlock(block, FieldPath.Child(peerPath, "ipBlock"), errors);
            }

            if (count == 0)
            {
                errors.Add(FieldError.Required(peerPath, "must specify a peer"));
            }
            else if (count > 1 && peer.IpBlock is not null)
            {
                errors.Add(FieldError.Forbidden(peerPath, "may not specify both ipBlock and another peer"));
            }
        }
    }

    private static void ValidateIpBlock(IpBlock block, string path, List<FieldError> errors)
    {
        var cidrPath = FieldPath.Child(path, "cidr");
        if (string.IsNullOrEmpty(block.Cidr))
        {
            errors.Add(FieldError.Required(cidrPath));
            return;
        }

        if (!TryParseCidr(block.Cidr, out var network))
        {
            errors.Add(FieldError.Invalid(cidrPath, block.Cidr, CidrExample));
            return;
        }

        for (var i = 0; i < (block.Except?.Count ?? 0); i++)
        {
            var text = block.Except![i];
            var exceptPath = FieldPath.Index(FieldPath.Child(path, "except"), i);
            if (!TryParseCidr(text, out var except))
            {
                errors.Add(FieldError.Invalid(exceptPath, text, CidrExample));
            }
            else if (!network.Contains(except.BaseAddress) || network.PrefixLength >= except.PrefixLength)
            {
                errors.Add(FieldError.Invalid(exceptPath, text, "must be a strict subset of `cidr`"));
            }
        }
    }

    /// <summary>As Go's ParseCIDRSloppy: an address and a prefix length, host bits allowed (they are masked off).</summary>
    private static bool TryParseCidr(string text, out IPNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(text[..slash], out var address)
            || !int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix))
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        if (prefix > bytes.Length * 8)
        {
            return false;
        }

        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        network = new IPNetwork(new IPAddress(bytes), prefix);
        return true;
    }
}
