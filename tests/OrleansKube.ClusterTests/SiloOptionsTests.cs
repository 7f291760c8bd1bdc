using System.CommandLine;
using OrleansKube.Silo;

namespace OrleansKube.ClusterTests;

public sealed class SiloOptionsTests
{
    private static ParseResult Parse(params string[] args)
    {
        var options = new SiloOptions();
        return new RootCommand { options.EventTtl }.Parse(args);
    }

    [Theory]
    [InlineData(new string[0], 60)]
    [InlineData(new[] { "--event-ttl", "30m" }, 30)]
    [InlineData(new[] { "--event-ttl", "2h" }, 120)]
    public void EventTtl_GivenOrNot_IsTheDurationOrUpstreamsHour(string[] args, int minutes)
    {
        var result = Parse(args);

        Assert.Empty(result.Errors);
        Assert.Equal(TimeSpan.FromMinutes(minutes), result.GetValue<TimeSpan>("--event-ttl"));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("0")]
    public void EventTtl_NotAPositiveDuration_IsRefusedNamingTheOption(string value)
    {
        var error = Assert.Single(Parse("--event-ttl", value).Errors);

        Assert.Equal($"--event-ttl: Invalid value: \"{value}\": must be a duration greater than 0 such as 1h or 30m", error.Message);
    }
}
