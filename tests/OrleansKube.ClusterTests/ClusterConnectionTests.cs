using OrleansKube.Cli;

namespace OrleansKube.ClusterTests;

/// <summary>How okctl and the load tests read their gateway list (<c>--server</c>, <c>--gateway</c>): no cluster needed.</summary>
public sealed class ClusterConnectionTests
{
    public sealed record ParseCase(string Name, string Server, string[] Gateways)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<ParseCase> ParseCases() =>
    [
        new ParseCase("one gateway is a list of one", "localhost:30000", ["localhost:30000"]),
        new ParseCase("commas separate gateways, in the order given", "10.0.0.2:30000,10.0.0.1:30001", ["10.0.0.2:30000", "10.0.0.1:30001"]),
        new ParseCase("blanks around the commas and a scheme are ignored", "tcp://a:1, b:2", ["a:1", "b:2"]),
        new ParseCase("a gateway given twice is tried once", "a:1,b:2,a:1", ["a:1", "b:2"]),
        new ParseCase("an IPv6 address may be bracketed", "[::1]:30000", ["::1:30000"]),
    ];

    [Theory]
    [MemberData(nameof(ParseCases))]
    public void Parse_GatewayList_GivesEachGatewayOnce(ParseCase @case) =>
        Assert.Equal(@case.Gateways, ClusterConnection.Parse(@case.Server).Select(g => $"{g.Host}:{g.Port}"));

    [Theory]
    [InlineData("localhost")]
    [InlineData("a:1,,b:2")]
    [InlineData("a:1,b:99999")]
    [InlineData("a:-1")]
    public void Parse_BadEntry_NamesIt(string server)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ClusterConnection.Parse(server));
        Assert.StartsWith("--server: invalid value \"", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    public sealed record OptionCase(string Name, string[] Args, string Server)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<OptionCase> OptionCases() =>
    [
        new OptionCase("a comma-separated list is passed on as it is", ["--server", "a:1,b:2", "get", "pods", "web"], "a:1,b:2"),
        new OptionCase("the option repeated gives every value, in order", ["--server", "a:1", "-s", "b:2", "get", "pods", "web"], "a:1,b:2"),
        new OptionCase("after the command, each occurrence still takes one value", ["get", "pods", "--server", "a:1", "web", "--server", "b:2"], "a:1,b:2"),
    ];

    [Theory]
    [MemberData(nameof(OptionCases))]
    public async Task OkctlServerOption_SeveralGateways_ReachTheConnectionAsOneList(OptionCase @case)
    {
        string? connectedTo = null;
        var (output, error) = (new StringWriter(), new StringWriter());
        var context = new OkctlContext(output, error, new StringReader(""), TimeProvider.System, (server, _) =>
        {
            connectedTo = server;
            throw new InvalidOperationException("not connecting in this test");
        });

        var exit = await Okctl.RunAsync(@case.Args, context);

        Assert.Equal(1, exit);
        Assert.Equal(@case.Server, connectedTo);
        Assert.Equal("error: not connecting in this test", error.ToString().Trim()); // "web" stayed the pod's name: no parse error
    }
}
