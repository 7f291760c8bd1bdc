using OrleansKube.Control.Store;

namespace OrleansKube.Tests.Store;

/// <summary>ConfigMaps and Secrets stored with <c>immutable: true</c> refuse changes to their data as upstream does; their metadata still moves.</summary>
public class ImmutableConfigTests
{
    private const string Immutable = "field is immutable when `immutable` is set";

    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public sealed record UpdateCase(string Sentence, KubeObject Stored, Func<KubeObject, KubeObject> Change, string[] Causes)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<UpdateCase> Cases() =>
    [
        new UpdateCase("an immutable ConfigMap's data may not change", Map(true), o => (ConfigMap)o with { Data = new() { ["k"] = "other" } }, [$"data: Forbidden: {Immutable}"]),
        new UpdateCase("an immutable ConfigMap's binaryData may not change", Map(true), o => (ConfigMap)o with { BinaryData = new() { ["b"] = [9] } }, [$"binaryData: Forbidden: {Immutable}"]),
        new UpdateCase("an immutable ConfigMap may not be made mutable again", Map(true), o => (ConfigMap)o with { Immutable = false }, [$"immutable: Forbidden: {Immutable}"]),
        new UpdateCase("an immutable ConfigMap whose flag is dropped refuses that", Map(true), o => (ConfigMap)o with { Immutable = null, Data = null }, [$"immutable: Forbidden: {Immutable}", $"data: Forbidden: {Immutable}"]),
        new UpdateCase("an immutable ConfigMap's labels may change", Map(true), o => o with { Metadata = o.Metadata with { Labels = new() { ["a"] = "b" } } }, []),
        new UpdateCase("a mutable ConfigMap's data may change", Map(false), o => (ConfigMap)o with { Data = new() { ["k"] = "other" } }, []),
        new UpdateCase("a mutable ConfigMap may be made immutable along with a data change", Map(null), o => (ConfigMap)o with { Immutable = true, Data = new() { ["k"] = "other" } }, []),
        new UpdateCase("an immutable Secret's data may not change", Secret(true), o => (Secret)o with { Data = new() { ["k"] = [2] } }, [$"data: Forbidden: {Immutable}"]),
        new UpdateCase("an immutable Secret's stringData may not change its data", Secret(true), o => (Secret)o with { StringData = new() { ["k"] = "new" } }, [$"data: Forbidden: {Immutable}"]),
        new UpdateCase("an immutable Secret written with the same data is accepted", Secret(true), o => o with { Metadata = o.Metadata with { Annotations = new() { ["a"] = "b" } } }, []),
        new UpdateCase("a Secret's type never changes", Secret(null), o => (Secret)o with { Type = "kubernetes.io/tls" }, ["type: Invalid value: \"kubernetes.io/tls\": field is immutable"]),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void PrepareUpdate_OfConfigData_RefusesWhatUpstreamRefuses(UpdateCase c)
    {
        var stored = ObjectLifecycle.PrepareCreate(c.Stored, Now, "uid");

        var (_, _, error) = ObjectLifecycle.PrepareUpdate(stored, c.Change(KubeJsonClone(stored)), enforceResourceVersion: true);

        Assert.Equal(c.Causes, error?.Causes ?? []);
    }

    private static KubeObject KubeJsonClone(KubeObject obj) => OrleansKube.Model.Serialization.KubeJson.Clone(obj);

    private static ConfigMap Map(bool? immutable) => new()
    {
        Metadata = new ObjectMeta { Name = "config", Namespace = "default" },
        Immutable = immutable,
        Data = new() { ["k"] = "v" },
        BinaryData = new() { ["b"] = [1, 2] },
    };

    private static Secret Secret(bool? immutable) => new()
    {
        Metadata = new ObjectMeta { Name = "secret", Namespace = "default" },
        Immutable = immutable,
        Data = new() { ["k"] = [1] },
    };
}
