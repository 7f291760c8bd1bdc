using System.Net;
using OrleansKube.Silo;

namespace OrleansKube.ClusterTests;

public sealed class SiloAddressesTests
{
    private static readonly IPAddress[] Host = [IPAddress.Parse("fe80::1"), IPAddress.Parse("10.1.2.3"), IPAddress.Parse("192.168.5.6")];

    public sealed record Case(string Name, string? Listen, string? Advertise, string ExpectedListen, string ExpectedAdvertise)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Resolved =>
    [
        new Case("nothing given stays on loopback", null, null, "127.0.0.1", "127.0.0.1"),
        new Case("a listen address is also advertised", "10.1.2.3", null, "10.1.2.3", "10.1.2.3"),
        new Case("an advertised address is also listened on", null, "10.1.2.3", "10.1.2.3", "10.1.2.3"),
        new Case("a wildcard advertises the host's first IPv4 address", "0.0.0.0", null, "0.0.0.0", "10.1.2.3"),
        new Case("a wildcard with an advertised address keeps it", "0.0.0.0", "192.168.5.6", "0.0.0.0", "192.168.5.6"),
        new Case("behind a NAT both are given", "10.1.2.3", "203.0.113.7", "10.1.2.3", "203.0.113.7"),
    ];

    [Theory]
    [MemberData(nameof(Resolved))]
    public void Resolve_FromTheOptions_ListensAndAdvertisesAsAKubeletDoes(Case c)
    {
        var addresses = SiloAddresses.Resolve(c.Listen, c.Advertise, () => Host, out var error);

        Assert.Null(error);
        Assert.Equal(IPAddress.Parse(c.ExpectedListen), addresses!.Listen);
        Assert.Equal(IPAddress.Parse(c.ExpectedAdvertise), addresses.Advertise);
    }

    [Theory]
    [InlineData("ten.1.2.3", null, "--listen-address: Invalid value: \"ten.1.2.3\": must be an IP address such as 10.0.0.5 or 0.0.0.0")]
    [InlineData(null, "10.1.2", "--advertise-address: Invalid value: \"10.1.2\": must be an IP address such as 10.0.0.5 or 0.0.0.0")]
    [InlineData(null, "0.0.0.0", "--advertise-address: Invalid value: \"0.0.0.0\": must be an address other silos and clients can reach, not a wildcard")]
    public void Resolve_BadAddress_IsRefusedNamingTheOption(string? listen, string? advertise, string expected)
    {
        Assert.Null(SiloAddresses.Resolve(listen, advertise, () => Host, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Resolve_WildcardOnAHostWithOnlyLoopback_AsksForAnAdvertisedAddress()
    {
        Assert.Null(SiloAddresses.Resolve("0.0.0.0", null, () => [IPAddress.Loopback], out var error));
        Assert.Equal("--advertise-address: Required value: the host has no non-loopback IPv4 address to advertise for --listen-address 0.0.0.0; give one", error);
    }

    [Theory]
    [InlineData(null, 8090, "http://localhost:8090/ http://127.0.0.1:8090/")]
    [InlineData("0.0.0.0", 8090, "http://+:8090/")]
    [InlineData("10.1.2.3", 9464, "http://10.1.2.3:9464/")]
    [InlineData("fd00::5", 9464, "http://[fd00::5]:9464/")]
    public void HttpPrefixes_FollowTheListenAddress(string? listen, int port, string expected)
    {
        var addresses = SiloAddresses.Resolve(listen, listen is "0.0.0.0" ? "10.1.2.3" : null, () => Host, out _)!;

        Assert.Equal(expected, string.Join(' ', addresses.HttpPrefixes(port)));
    }
}
