using System.Text;
using OrleansKube.Manifests.Reading;

namespace OrleansKube.Tests.Manifests;

/// <summary>Untrusted manifests: each hostile or malformed input is one line saying what is wrong, and the reader survives it.</summary>
public class ManifestReaderLimitsTests
{
    public sealed record HostileCase(string Sentence, string Manifest, string Expected)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<HostileCase> HostileCases() =>
    [
        new HostileCase("a sequence that aliases itself is refused, not expanded forever",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: &a [*a]\n",
            "error parsing in.yaml: line 4: anchor 'a' value contains itself"),
        new HostileCase("a map that aliases itself is refused",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: c\n  labels: *m\n",
            "error parsing in.yaml: line 5: anchor 'm' value contains itself"),
        new HostileCase("exponential aliases (billion laughs) are refused before they expand", BillionLaughs(),
            "document contains excessive aliasing"),
        new HostileCase("flow lists nested past the limit are refused", "apiVersion: v1\nkind: ConfigMap\ndata: " + new string('[', 100_000) + "\n",
            "error parsing in.yaml: line 3: exceeded max depth of 64"),
        new HostileCase("block maps nested past the limit are refused", Nested(65),
            "exceeded max depth of 64"),
        new HostileCase("an alias that would nest past the limit is refused", Nested(40, anchor: true) + Chain("copy", 30) + Indent(30) + "x: *deep\n",
            "exceeded max depth of 64"),
        new HostileCase("a document over 3 MiB is refused naming the limit", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  big: " + new string('x', 3 * 1024 * 1024) + "\n",
            "the document is too large: limit is 3145728 bytes"),
        new HostileCase("an alias to an anchor never defined is refused", "apiVersion: v1\nkind: ConfigMap\nmetadata: *nowhere\n",
            "error parsing in.yaml: line 3: unknown anchor 'nowhere' referenced"),
        new HostileCase("metadata given as a list is a decoding error, not a crash", "apiVersion: v1\nkind: ConfigMap\nmetadata: [a, b]\n",
            "in.yaml:3: ConfigMap \"\" is invalid: metadata: Invalid value: [\"a\",\"b\"]: must be an object"),
        new HostileCase("a map as a key is refused", "apiVersion: v1\n? {a: b}\n: c\n",
            "error parsing in.yaml: line 2: mapping keys must be strings"),
        new HostileCase("a key given twice is refused naming it", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: x, a: y}\n",
            "error parsing in.yaml: line 4: duplicate key \"a\""),
    ];

    [Theory]
    [MemberData(nameof(HostileCases))]
    public void ReadText_HostileInput_FailsWithOneLineSayingWhy(HostileCase c)
    {
        var error = Assert.Throws<ManifestException>(() => ManifestReader.ReadText(c.Manifest, "in.yaml"));

        Assert.Contains(c.Expected, error.Message, StringComparison.Ordinal);
        Assert.All(error.Errors, e => Assert.DoesNotContain('\n', e));
        Assert.DoesNotContain("Operation is not valid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadText_AnchorsUsedAsManifestsUseThem_ExpandEachAlias()
    {
        const string text = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: c
              labels: &labels {app: web, tier: front}
              annotations: *labels
            data: {a: "1"}
            """;

        var configMap = Assert.IsType<ConfigMap>(Assert.Single(ManifestReader.ReadText(text, "in.yaml")).Object);

        Assert.Equal(configMap.Metadata.Labels, configMap.Metadata.Annotations);
        Assert.Equal("front", configMap.Metadata.Annotations!["tier"]);
    }

    [Fact]
    public void ReadText_SeveralUnknownFields_NamesEveryOne()
    {
        const string text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, colour: red}\ndata: {a: \"1\"}\nextra: 1\n";

        var error = Assert.Throws<ManifestException>(() => ManifestReader.ReadText(text, "in.yaml"));

        Assert.Equal(["in.yaml:3: ConfigMap \"c\" is invalid: unknown field \"metadata.colour\"", "in.yaml:5: ConfigMap \"c\" is invalid: unknown field \"extra\""], error.Errors.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReadText_JustUnderTheDepthLimit_IsReadAsAnyOtherDocument()
    {
        // 64 levels: read; what the model makes of the unknown field at the top is an ordinary field error.
        var error = Assert.Throws<ManifestException>(() => ManifestReader.ReadText(Nested(64), "in.yaml"));

        Assert.Equal("in.yaml:4: ConfigMap \"c\" is invalid: unknown field \"deep\"", Assert.Single(error.Errors));
    }

    /// <summary>Nine levels of ten aliases each: 10^9 leaves from under 1 KiB of text.</summary>
    private static string BillionLaughs()
    {
        var text = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nl0: &l0 [lol]\n");
        for (var level = 1; level <= 9; level++)
        {
            text.Append($"l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))}]\n");
        }

        return text.Append("data: {a: *l9}\n").ToString();
    }

    /// <summary>A ConfigMap with a map nested <paramref name="depth"/> levels deep (the document itself is the first).</summary>
    private static string Nested(int depth, bool anchor = false)
    {
        var text = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndeep:" + (anchor ? " &deep" : "") + "\n");
        for (var level = 2; level < depth; level++)
        {
            text.Append(Indent(level - 1)).Append($"l{level}:\n");
        }

        return text.Append(Indent(depth - 1)).Append("leaf: x\n").ToString();
    }

    /// <summary>A top-level key holding maps <paramref name="levels"/> deep, ready for one more line at indent <paramref name="levels"/>.</summary>
    private static string Chain(string key, int levels)
    {
        var text = new StringBuilder(key + ":\n");
        for (var level = 1; level < levels; level++)
        {
            text.Append(Indent(level)).Append($"c{level}:\n");
        }

        return text.ToString();
    }

    private static string Indent(int level) => new(' ', level * 2);
}
