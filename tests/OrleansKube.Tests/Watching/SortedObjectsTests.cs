using OrleansKube.Control.Watching;

namespace OrleansKube.Tests.Watching;

public class SortedObjectsTests
{
    private static ConfigMap Cm(string ns, string name) => new() { Metadata = new ObjectMeta { Name = name, Namespace = ns } };

    [Fact]
    public void PutAndRemove_ManyMoreThanAChunk_KeepOrderAndSeekFromAnyKey()
    {
        var objects = new SortedObjects();
        var random = new Random(7);
        var names = Enumerable.Range(0, 3 * SortedObjects.ChunkSize).Select(i => $"n{i:D5}").OrderBy(_ => random.Next()).ToList();
        foreach (var name in names)
        {
            objects.Put(Cm("ns", name));
        }

        foreach (var name in names.Where((_, i) => i % 3 == 0))
        {
            objects.Remove("ns", name);
        }

        var expected = names.Where((_, i) => i % 3 != 0).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, objects.All().Select(o => o.Metadata.Name));
        Assert.Equal(expected.Count, objects.Count);
        Assert.Equal(expected.Skip(101).Take(3), objects.From("ns", expected[100], inclusive: false).Take(3).Select(o => o.Metadata.Name));
        Assert.NotNull(objects.Get("ns", expected[^1]));
        Assert.Null(objects.Get("ns", names[0]));
    }
}
