using OrleansKube.Manifests.Validation;

namespace OrleansKube.Tests.Manifests;

public class SizeLimitsTests
{
    public sealed record SizeCase(string Sentence, KubeObject Object, string? Expected)
    {
        public override string ToString() => Sentence;
    }

    private const int MiB = 1024 * 1024;

    public static TheoryData<SizeCase> Cases() =>
    [
        new SizeCase("a ConfigMap of exactly 1 MiB is stored", ConfigMap(("a", MiB)), null),
        new SizeCase("a ConfigMap one byte over 1 MiB is refused naming data", ConfigMap(("a", MiB / 2), ("b", MiB / 2 + 1)),
            "data: Too long: may not be more than 1048576 bytes"),
        new SizeCase("a ConfigMap's binaryData counts with its data", ConfigMap(("a", MiB)) with { BinaryData = new() { ["b"] = new byte[1] } },
            "data: Too long: may not be more than 1048576 bytes"),
        new SizeCase("a Secret's stringData counts as the data it becomes", Secret(data: MiB / 2, stringData: MiB / 2 + 1),
            "data: Too long: may not be more than 1048576 bytes"),
        new SizeCase("a Secret's stringData replaces data of the same key instead of adding to it", Secret(data: MiB, stringData: MiB, sameKey: true), null),
        new SizeCase("annotations of 300 KB are refused naming metadata.annotations", Annotated(300_000),
            "metadata.annotations: Too long: may not be more than 262144 bytes"),
        new SizeCase("annotations just under 256 KiB are stored", Annotated(256 * 1024 - 10), null),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_ObjectOfSize_RefusedOverUpstreamsLimits(SizeCase c)
    {
        var errors = ObjectValidator.Validate(c.Object).Select(e => e.ToString()).ToList();

        if (c.Expected is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Equal([c.Expected], errors);
        }
    }

    private static ConfigMap ConfigMap(params (string Key, int Bytes)[] data) => new()
    {
        Metadata = new ObjectMeta { Name = "big", Namespace = "default" },
        Data = data.ToDictionary(d => d.Key, d => new string('x', d.Bytes)),
    };

    private static Secret Secret(int data, int stringData, bool sameKey = false) => new()
    {
        Metadata = new ObjectMeta { Name = "big", Namespace = "default" },
        Data = new() { ["a"] = new byte[data] },
        StringData = new() { [sameKey ? "a" : "b"] = new string('x', stringData) },
    };

    private static Pod Annotated(int bytes) => new()
    {
        Metadata = new ObjectMeta { Name = "p", Namespace = "default", Annotations = new() { ["note"] = new string('x', bytes - 4) } },
        Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "i" }] },
    };
}
