namespace OrleansKube.Tests.Resources;

public class QuantityTests
{
    public sealed record ParseCase(string Sentence, string Text, decimal Amount, string Canonical)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<ParseCase> ParseCases() =>
    [
        new ParseCase("milli cores print as written", "500m", 0.5m, "500m"),
        new ParseCase("a decimal fraction becomes milli", "0.5", 0.5m, "500m"),
        new ParseCase("a whole number of cores stays whole", "2", 2m, "2"),
        new ParseCase("binary mebibytes keep their suffix", "128Mi", 134217728m, "128Mi"),
        new ParseCase("binary gibibytes keep their suffix", "1Gi", 1073741824m, "1Gi"),
        new ParseCase("1024 mebibytes print as one gibibyte", "1024Mi", 1073741824m, "1Gi"),
        new ParseCase("decimal gigabytes keep their suffix", "1G", 1_000_000_000m, "1G"),
        new ParseCase("kilo is lower-case k", "100k", 100_000m, "100k"),
        new ParseCase("an exponent keeps the exponent format", "1e3", 1000m, "1e3"),
        new ParseCase("a plain thousand prints as 1k", "1000", 1000m, "1k"),
        new ParseCase("1500 cannot take a suffix", "1500", 1500m, "1500"),
        new ParseCase("below a nano rounds up to 1n", "0.0000000001", 0.000000001m, "1n"),
        new ParseCase("a leading plus sign is accepted", "+1", 1m, "1"),
        new ParseCase("negative values keep their sign", "-500m", -0.5m, "-500m"),
        new ParseCase("zero prints as 0", "0Mi", 0m, "0"),
        new ParseCase("a binary value below one becomes decimal SI", "0.5Ki", 512m, "512"),
        new ParseCase("1.5Gi prints in the largest exact binary unit", "1.5Gi", 1610612736m, "1536Mi"),
        new ParseCase("upper-case E exponent is accepted", "12E6", 12_000_000m, "12e6"),
        new ParseCase("micro units", "25u", 0.000025m, "25u"),
    ];

    [Theory]
    [MemberData(nameof(ParseCases))]
    public void Parse_ValidText_HasExactValueAndCanonicalForm(ParseCase c)
    {
        var quantity = Quantity.Parse(c.Text);

        Assert.Equal(c.Amount, quantity.Amount);
        Assert.Equal(c.Canonical, quantity.ToString());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("1K")]
    [InlineData("1.2.3")]
    [InlineData("Mi")]
    [InlineData("1Gib")]
    [InlineData("1e")]
    [InlineData("--1")]
    [InlineData("1 Gi")]
    public void TryParse_InvalidText_Fails(string text)
    {
        Assert.False(Quantity.TryParse(text, out _));
    }

    [Theory]
    [InlineData("1", "1000m")]
    [InlineData("1Gi", "1024Mi")]
    [InlineData("1k", "1e3")]
    [InlineData("0.1", "100m")]
    public void Equals_SameValueDifferentSpelling_AreEqual(string left, string right)
    {
        Assert.Equal(Quantity.Parse(left), Quantity.Parse(right));
        Assert.Equal(0, Quantity.Parse(left).CompareTo(Quantity.Parse(right)));
    }

    [Theory]
    [InlineData("1G", "1Gi")]
    [InlineData("999m", "1")]
    [InlineData("100Mi", "0.1Gi")]
    public void CompareTo_SmallerQuantity_IsLess(string smaller, string larger)
    {
        Assert.True(Quantity.Parse(smaller) < Quantity.Parse(larger));
    }

    [Theory]
    [InlineData("100m", 100, 1)]
    [InlineData("1.0001", 1001, 2)]
    [InlineData("128Mi", 134217728000, 134217728)]
    public void MilliValueAndValue_RoundUpAsUpstream(string text, long milli, long value)
    {
        var quantity = Quantity.Parse(text);

        Assert.Equal(milli, quantity.MilliValue);
        Assert.Equal(value, quantity.Value);
    }

    [Fact]
    public void ToString_ManyDistinctValues_EachGetsItsOwnCanonicalText()
    {
        // More values than the table of recently formatted quantities has slots, in both formats, formatted twice
        // (the second time from the table where the slot still holds it): a slot shared by two values must not leak.
        for (var round = 0; round < 2; round++)
        {
            for (var milli = 1; milli <= 5_000; milli++)
            {
                var expected = milli % 1000 == 0 ? $"{milli / 1000}" : $"{milli}m";
                Assert.Equal(expected, Quantity.FromMilli(milli).ToString());
                Assert.Equal(milli % 1024 == 0 ? $"{milli / 1024}Mi" : $"{milli}Ki", Quantity.FromInteger(milli * 1024L, QuantityFormat.BinarySI).ToString());
            }
        }

        Assert.Equal("1500m", new Quantity(1.500m, QuantityFormat.DecimalSI).ToString());
        Assert.Equal("1500m", new Quantity(1.5m, QuantityFormat.DecimalSI).ToString());
        Assert.Equal("2Gi", Quantity.FromInteger(2L << 30, QuantityFormat.BinarySI).ToString());
    }
}
