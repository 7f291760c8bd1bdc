using OrleansKube.Control.Store;

namespace OrleansKube.Tests.Store;

public class NameSuffixesTests
{
    [Fact]
    public void Next_SameSeed_GivesEachPrefixTheSameSuffixesHoweverPrefixesInterleave()
    {
        var apart = new NameSuffixes(7);
        var web = Enumerable.Range(0, 20).Select(_ => apart.Next("web-")).ToList();
        var api = Enumerable.Range(0, 20).Select(_ => apart.Next("api-")).ToList();

        var interleaved = new NameSuffixes(7);
        var pairs = Enumerable.Range(0, 20).Select(_ => (Api: interleaved.Next("api-"), Web: interleaved.Next("web-"))).ToList();

        Assert.Equal(web, pairs.Select(p => p.Web));
        Assert.Equal(api, pairs.Select(p => p.Api));
        Assert.NotEqual(web, api);
    }

    [Fact]
    public void Next_OtherSeed_GivesOtherSuffixes()
    {
        var one = new NameSuffixes(1);
        var two = new NameSuffixes(2);

        Assert.NotEqual(Enumerable.Range(0, 10).Select(_ => one.Next("web-")), Enumerable.Range(0, 10).Select(_ => two.Next("web-")));
    }

    [Fact]
    public void Next_Seeded_RepeatsNoSuffixWithinAPrefix()
    {
        // 200,000 random draws from 27⁵ suffixes would repeat about 1,400 times.
        var suffixes = new NameSuffixes(1);

        var drawn = Enumerable.Range(0, 200_000).Select(_ => suffixes.Next("web-")).ToList();

        Assert.Equal(drawn.Count, drawn.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Next_SeededFromManyThreads_DrawsTheSameSuffixesAsOneThread()
    {
        var sequential = new NameSuffixes(3);
        var expected = Enumerable.Range(0, 100_000).Select(_ => sequential.Next("web-")).ToHashSet(StringComparer.Ordinal);
        var shared = new NameSuffixes(3);
        var drawn = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.For(0, 100_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ => drawn.Add(shared.Next("web-")));

        Assert.Equal(100_000, drawn.Count);
        Assert.True(expected.SetEquals(drawn), "every draw got its own index: none lost, none twice");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(5)]
    public void Next_Suffix_IsFiveCharactersOfUpstreamsAlphabet(int? seed)
    {
        var suffixes = new NameSuffixes(seed);

        Assert.All(Enumerable.Range(0, 1000).Select(_ => suffixes.Next("web-")), suffix =>
        {
            Assert.Equal(NameSuffixes.Length, suffix.Length);
            Assert.All(suffix, c => Assert.Contains(c, NameSuffixes.Alphabet));
        });
    }

    [Fact]
    public void Next_Unseeded_IsRandom()
    {
        Assert.NotEqual(Enumerable.Range(0, 10).Select(_ => new NameSuffixes(null).Next("web-")), Enumerable.Range(0, 10).Select(_ => new NameSuffixes(null).Next("web-")));
    }
}
