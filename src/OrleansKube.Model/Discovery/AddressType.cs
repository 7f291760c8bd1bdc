namespace OrleansKube.Model.Discovery;

public enum AddressType
{
    IPv4,
    IPv6,
    FQDN,
}
