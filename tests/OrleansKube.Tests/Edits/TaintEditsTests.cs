using OrleansKube.Control.Edits;

namespace OrleansKube.Tests.Edits;

public class TaintEditsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static readonly List<Taint> Existing =
    [
        new() { Key = "gpu", Value = "true", Effect = TaintEffect.NoSchedule },
        new() { Key = "gpu", Value = "true", Effect = TaintEffect.PreferNoSchedule },
        new() { Key = "spot", Effect = TaintEffect.NoSchedule },
    ];

    private static string Text(IEnumerable<Taint>? taints) =>
        taints is null ? "" : string.Join(",", taints.Select(t => $"{t.Key}{(t.Value is null ? "" : "=" + t.Value)}:{t.Effect}"));

    [Theory]
    [InlineData(new[] { "dedicated=db:NoSchedule" }, false, "gpu=true:NoSchedule,gpu=true:PreferNoSchedule,spot:NoSchedule,dedicated=db:NoSchedule", "tainted")]
    [InlineData(new[] { "maintenance:NoExecute" }, false, "gpu=true:NoSchedule,gpu=true:PreferNoSchedule,spot:NoSchedule,maintenance:NoExecute", "tainted")]
    [InlineData(new[] { "gpu:NoSchedule-" }, false, "gpu=true:PreferNoSchedule,spot:NoSchedule", "untainted")]
    [InlineData(new[] { "gpu-" }, false, "spot:NoSchedule", "untainted")]
    [InlineData(new[] { "gpu=false:NoSchedule" }, true, "gpu=true:PreferNoSchedule,spot:NoSchedule,gpu=false:NoSchedule", "modified")]
    [InlineData(new[] { "spot-", "gpu-" }, false, "", "untainted")]
    public void ApplyTo_AddsRemovesAndReplaces_WithKubectlsVerb(string[] specs, bool overwrite, string expected, string verb)
    {
        var (taints, actualVerb) = TaintEdits.Parse(specs).ApplyTo("node-1", Existing, overwrite, Now);

        Assert.Equal(expected, Text(taints));
        Assert.Equal(verb, actualVerb);
        Assert.Equal(3, Existing.Count);
    }

    [Fact]
    public void ApplyTo_NoExecuteTaint_CarriesTimeAdded_OthersDoNot()
    {
        var (taints, _) = TaintEdits.Parse(["a:NoExecute", "b:NoSchedule"]).ApplyTo("node-1", null, overwrite: false, Now);

        Assert.Equal(Now, taints!.Single(t => t.Key == "a").TimeAdded);
        Assert.Null(taints!.Single(t => t.Key == "b").TimeAdded);
    }

    [Fact]
    public void ApplyTo_SameKeyAndEffectWithoutOverwrite_IsRefused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TaintEdits.Parse(["gpu=false:NoSchedule"]).ApplyTo("node-1", Existing, overwrite: false, Now));

        Assert.Equal("node node-1 already has gpu taint(s) with same effect(s) and --overwrite is false", error.Message);
    }

    [Theory]
    [InlineData("gpu:NoExecute-", "taint \"gpu:NoExecute\" not found")]
    [InlineData("absent-", "taint \"absent\" not found")]
    public void ApplyTo_RemovingAMissingTaint_IsAnError(string spec, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TaintEdits.Parse([spec]).ApplyTo("node-1", Existing, overwrite: false, Now));

        Assert.Equal(expected, error.Message);
    }

    [Theory]
    [InlineData("gpu=true", "invalid taint spec: gpu=true")]
    [InlineData("gpu=true:Sometimes", "invalid taint spec: gpu=true:Sometimes, invalid taint effect: Sometimes, unsupported taint effect")]
    [InlineData("-gpu:NoSchedule", "invalid taint spec: -gpu:NoSchedule, name part must consist")]
    [InlineData("gpu=-x:NoSchedule", "invalid taint spec: gpu=-x:NoSchedule, a valid label must be")]
    [InlineData("gpu:Bad-", "invalid taint spec: gpu:Bad-, invalid taint effect: Bad")]
    public void Parse_BadSpec_GivesKubectlsError(string spec, string expected)
    {
        var error = Assert.Throws<FormatException>(() => TaintEdits.Parse([spec]));

        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void Parse_AddAndRemoveSameTaint_IsRefused()
    {
        var error = Assert.Throws<FormatException>(() => TaintEdits.Parse(["gpu=x:NoSchedule", "gpu-"]));

        Assert.Equal("can not both modify and remove the following taint(s) in the same command: gpu:NoSchedule", error.Message);
    }
}
