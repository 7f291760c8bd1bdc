using OrleansKube.Manifests.Validation;
using OrleansKube.Model.Policy;

namespace OrleansKube.Tests.Manifests;

/// <summary>Upstream's ValidatePodDisruptionBudgetSpec messages, naming the field.</summary>
public class DisruptionBudgetValidatorTests
{
    public sealed record SpecCase(string Sentence, PodDisruptionBudgetSpec Spec, string[] Errors)
    {
        public override string ToString() => Sentence;
    }

    private static LabelSelector Web => new() { MatchLabels = new() { ["app"] = "web" } };

    public static TheoryData<SpecCase> SpecCases() =>
    [
        new SpecCase("an integer minAvailable is valid", new() { MinAvailable = 2, Selector = Web }, []),
        new SpecCase("a maxUnavailable percentage is valid", new() { MaxUnavailable = "25%", Selector = Web }, []),
        new SpecCase("neither is valid, as upstream", new() { Selector = Web }, []),
        new SpecCase("a negative minAvailable is refused", new() { MinAvailable = -1, Selector = Web }, ["spec.minAvailable: Invalid value: -1: must be greater than or equal to 0"]),
        new SpecCase("a maxUnavailable that is not a percentage is refused", new() { MaxUnavailable = "half", Selector = Web },
            ["spec.maxUnavailable: Invalid value: \"half\": " + DisruptionBudgetValidator.PercentFormat]),
        new SpecCase("a percentage over 100% is refused", new() { MinAvailable = "120%", Selector = Web }, ["spec.minAvailable: Invalid value: \"120%\": must not be greater than 100%"]),
        new SpecCase("a selector expression with In and no values is refused", new() { MinAvailable = 1, Selector = new() { MatchExpressions = [new LabelSelectorRequirement { Key = "app", Operator = LabelSelectorOperator.In }] } },
            ["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"]),
    ];

    [Theory]
    [MemberData(nameof(SpecCases))]
    public void Validate_Spec_UpstreamsErrors(SpecCase c)
    {
        var errors = ObjectValidator.Validate(new PodDisruptionBudget { Metadata = new ObjectMeta { Name = "pdb", Namespace = "default" }, Spec = c.Spec });

        Assert.Equal(c.Errors, errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Validate_BothMinAvailableAndMaxUnavailable_RefusesTheSpec()
    {
        var errors = ObjectValidator.Validate(new PodDisruptionBudget { Metadata = new ObjectMeta { Name = "pdb", Namespace = "default" }, Spec = new() { MinAvailable = 1, MaxUnavailable = 1, Selector = Web } });

        var error = Assert.Single(errors);
        Assert.Equal("spec", error.Path);
        Assert.EndsWith(": minAvailable and maxUnavailable cannot be both set", error.Detail, StringComparison.Ordinal);
    }
}
