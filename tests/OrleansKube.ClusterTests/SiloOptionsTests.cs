using System.CommandLine;
using OrleansKube.Silo;

namespace OrleansKube.ClusterTests;

public sealed class SiloOptionsTests
{
    private static ParseResult Parse(params string[] args)
    {
        var options = new SiloOptions();
        return new RootCommand { options.EventTtl, options.WatchCachePartitions, options.InitialSilos }.Parse(args);
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

    [Theory]
    [InlineData("--watch-cache-partitions", "0", "must be from 1 to 64")]
    [InlineData("--watch-cache-partitions", "65", "must be from 1 to 64")]
    [InlineData("--initial-silos", "0", "must be from 1 to 1000")]
    public void CellOptions_OutOfRange_AreRefusedNamingTheOption(string option, string value, string reason)
    {
        var error = Assert.Single(Parse(option, value).Errors);

        Assert.Equal($"{option}: Invalid value: {value}: {reason}", error.Message);
    }

    [Fact]
    public void CellOptions_NotGiven_AreOneCacheAndNoWait()
    {
        var result = Parse();

        Assert.Empty(result.Errors);
        Assert.Equal((1, 1), (result.GetValue<int>("--watch-cache-partitions"), result.GetValue<int>("--initial-silos")));
    }
}
