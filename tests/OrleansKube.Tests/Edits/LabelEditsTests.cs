using OrleansKube.Control.Edits;

namespace OrleansKube.Tests.Edits;

public class LabelEditsTests
{
    private static readonly Dictionary<string, string> Existing = new() { ["app"] = "web", ["tier"] = "front" };

    [Theory]
    [InlineData(new[] { "env=dev" }, false, "app=web,env=dev,tier=front", "labeled")]
    [InlineData(new[] { "tier-" }, false, "app=web", "unlabeled")]
    [InlineData(new[] { "app=web" }, false, "app=web,tier=front", "not labeled")]
    [InlineData(new[] { "app=api" }, true, "app=api,tier=front", "labeled")]
    [InlineData(new[] { "env=dev", "tier-" }, false, "app=web,env=dev", "labeled")]
    [InlineData(new[] { "example.com/team=a" }, false, "app=web,example.com/team=a,tier=front", "labeled")]
    [InlineData(new[] { "app-", "tier-" }, false, "", "unlabeled")]
    public void ApplyTo_SetsAndRemoves_WithKubectlsVerb(string[] specs, bool overwrite, string expected, string verb)
    {
        var (labels, actualVerb, notFound) = LabelEdits.Parse(specs).ApplyTo(Existing, overwrite);

        Assert.Equal(expected, labels is null ? "" : string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")));
        Assert.Equal(verb, actualVerb);
        Assert.Empty(notFound);
        Assert.Equal(2, Existing.Count);
    }

    [Fact]
    public void ApplyTo_ChangedValueWithoutOverwrite_IsRefused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => LabelEdits.Parse(["app=api"]).ApplyTo(Existing, overwrite: false));

        Assert.Equal("'app' already has a value (web), and --overwrite is false", error.Message);
    }

    [Fact]
    public void ApplyTo_RemovingAMissingLabel_ReportsItAndChangesNothing()
    {
        var (labels, verb, notFound) = LabelEdits.Parse(["missing-"]).ApplyTo(Existing, overwrite: false);

        Assert.Equal(["missing"], notFound);
        Assert.Equal("not labeled", verb);
        Assert.Equal(Existing, labels);
    }

    [Theory]
    [InlineData("novalue", "invalid label spec: novalue")]
    [InlineData("a=b=c", "invalid label spec: a=b=c")]
    [InlineData("=x", "invalid label spec: =x")]
    [InlineData("-bad=x", "invalid label key: \"-bad=x\": name part must consist of alphanumeric characters")]
    [InlineData("ok=-bad", "invalid label value: \"ok=-bad\": a valid label must be an empty string")]
    public void Parse_BadSpec_GivesKubectlsError(string spec, string expected)
    {
        var error = Assert.Throws<FormatException>(() => LabelEdits.Parse([spec]));

        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void Parse_ModifyAndRemoveSameKey_IsRefused()
    {
        var error = Assert.Throws<FormatException>(() => LabelEdits.Parse(["app=x", "app-"]));

        Assert.Equal("can not both modify and remove a label in the same command: app", error.Message);
    }
}
