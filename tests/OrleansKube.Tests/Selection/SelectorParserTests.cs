using OrleansKube.Model.Selection;

namespace OrleansKube.Tests.Selection;

public class SelectorParserTests
{
    public sealed record MatchCase(string Sentence, string Selector, string Labels, bool Matches)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<MatchCase> MatchCases() =>
    [
        new MatchCase("equality matches the same value", "app=web", "app=web", true),
        new MatchCase("double equals is equality", "app==web", "app=web", true),
        new MatchCase("equality fails on another value", "app=web", "app=db", false),
        new MatchCase("equality fails when the key is missing", "app=web", "", false),
        new MatchCase("inequality matches a missing key", "tier!=db", "app=web", true),
        new MatchCase("inequality fails on the same value", "tier!=db", "tier=db", false),
        new MatchCase("in matches any listed value", "env in (a,b)", "env=b", true),
        new MatchCase("in fails on an unlisted value", "env in (a,b)", "env=c", false),
        new MatchCase("notin matches a missing key", "env notin (a,b)", "", true),
        new MatchCase("notin fails on a listed value", "env notin (a, b)", "env=a", false),
        new MatchCase("a bare key requires it to exist", "canary", "canary=", true),
        new MatchCase("a bang key requires it to be absent", "!canary", "canary=yes", false),
        new MatchCase("all clauses must hold", "app=web,tier!=db,env in (a,b),!canary", "app=web,tier=fe,env=a", true),
        new MatchCase("one failing clause fails the selector", "app=web,tier!=db,env in (a,b),!canary", "app=web,tier=fe,env=a,canary=1", false),
        new MatchCase("greater-than compares integers", "cores>4", "cores=8", true),
        new MatchCase("less-than compares integers", "cores<4", "cores=8", false),
        new MatchCase("an empty selector matches everything", "", "a=b", true),
        new MatchCase("spaces around operators are ignored", " app = web , tier != db ", "app=web", true),
        new MatchCase("prefixed keys are allowed", "kubernetes.io/hostname=node-1", "kubernetes.io/hostname=node-1", true),
    ];

    [Theory]
    [MemberData(nameof(MatchCases))]
    public void Parse_Selector_MatchesAsUpstream(MatchCase c)
    {
        var selector = SelectorParser.Parse(c.Selector);
        var labels = c.Labels.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);

        Assert.Equal(c.Matches, selector.Matches(labels));
    }

    [Theory]
    [InlineData("app=web,")]
    [InlineData("env in (a,b")]
    [InlineData("env in a")]
    [InlineData("app=we b")]
    [InlineData("-app=web")]
    [InlineData("cores>x")]
    [InlineData("app=web!")]
    public void Parse_Malformed_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => SelectorParser.Parse(text));
    }

    [Fact]
    public void ToSelector_NullLabelSelector_MatchesNothing()
    {
        Assert.False(LabelSelectors.ToSelector(null).Matches(new Dictionary<string, string> { ["a"] = "b" }));
    }

    [Fact]
    public void ToSelector_MatchLabelsAndExpressions_AreAnded()
    {
        var selector = LabelSelectors.ToSelector(new LabelSelector
        {
            MatchLabels = new() { ["app"] = "web" },
            MatchExpressions = [new() { Key = "env", Operator = LabelSelectorOperator.NotIn, Values = ["prod"] }],
        });

        Assert.True(selector.Matches(new Dictionary<string, string> { ["app"] = "web", ["env"] = "dev" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "web", ["env"] = "prod" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["env"] = "dev" }));
    }

    public sealed record NodeTermCase(string Sentence, NodeSelectorOperator Operator, string[] Values, string? LabelValue, bool Matches)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<NodeTermCase> NodeTermCases() =>
    [
        new NodeTermCase("Gt matches a larger integer label", NodeSelectorOperator.Gt, ["4"], "8", true),
        new NodeTermCase("Gt fails on an equal label", NodeSelectorOperator.Gt, ["8"], "8", false),
        new NodeTermCase("Lt matches a smaller integer label", NodeSelectorOperator.Lt, ["4"], "2", true),
        new NodeTermCase("Gt fails on a non-integer label", NodeSelectorOperator.Gt, ["4"], "big", false),
        new NodeTermCase("Gt fails on a missing label", NodeSelectorOperator.Gt, ["4"], null, false),
        new NodeTermCase("DoesNotExist matches a missing label", NodeSelectorOperator.DoesNotExist, [], null, true),
        new NodeTermCase("In matches a listed value", NodeSelectorOperator.In, ["a", "b"], "b", true),
    ];

    [Theory]
    [MemberData(nameof(NodeTermCases))]
    public void Matches_NodeSelectorRequirement_FollowsOperator(NodeTermCase c)
    {
        var term = new NodeSelectorTerm { MatchExpressions = [new() { Key = "cores", Operator = c.Operator, Values = [.. c.Values] }] };
        var labels = c.LabelValue is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["cores"] = c.LabelValue };

        Assert.Equal(c.Matches, LabelSelectors.Matches(term, "node-1", labels));
    }

    [Fact]
    public void Matches_RequiredNodeSelectorTerms_AreOred()
    {
        var selector = new NodeSelector
        {
            NodeSelectorTerms =
            [
                new() { MatchExpressions = [new() { Key = "zone", Operator = NodeSelectorOperator.In, Values = ["a"] }] },
                new() { MatchFields = [new() { Key = "metadata.name", Operator = NodeSelectorOperator.In, Values = ["node-9"] }] },
            ],
        };

        Assert.True(LabelSelectors.Matches(selector, "node-1", new Dictionary<string, string> { ["zone"] = "a" }));
        Assert.True(LabelSelectors.Matches(selector, "node-9", new Dictionary<string, string> { ["zone"] = "b" }));
        Assert.False(LabelSelectors.Matches(selector, "node-1", new Dictionary<string, string> { ["zone"] = "b" }));
    }

    [Fact]
    public void Matches_NodeSelectorTerm_EmptyMatchesNothing_ExpressionsAndFieldsAreAnded()
    {
        var labels = new Dictionary<string, string> { ["zone"] = "a" };
        var both = new NodeSelectorTerm
        {
            MatchExpressions = [new() { Key = "zone", Operator = NodeSelectorOperator.In, Values = ["a"] }],
            MatchFields = [new() { Key = "metadata.name", Operator = NodeSelectorOperator.NotIn, Values = ["node-9"] }],
        };

        Assert.False(LabelSelectors.Matches(new NodeSelectorTerm(), "node-1", labels));
        Assert.True(LabelSelectors.Matches(both, "node-1", labels));
        Assert.False(LabelSelectors.Matches(both, "node-9", labels));
        Assert.False(LabelSelectors.Matches(both, "node-1", new Dictionary<string, string> { ["zone"] = "b" }));
    }

    [Fact]
    public void NodeSelectorMatcher_CompiledOnce_AnswersLikeTheTermsEachTime()
    {
        var matcher = NodeSelectorMatcher.For(new NodeSelector
        {
            NodeSelectorTerms = [new() { MatchExpressions = [new() { Key = "cores", Operator = NodeSelectorOperator.Gt, Values = ["4"] }] }],
        });

        Assert.True(matcher.Matches("n", new Dictionary<string, string> { ["cores"] = "8" }));
        Assert.False(matcher.Matches("n", new Dictionary<string, string> { ["cores"] = "2" }));
        Assert.False(matcher.Matches("n", null));
    }
}
