using OrleansKube.Model.Selection;

namespace OrleansKube.Tests.Selection;

public class FieldSelectorTests
{
    private static readonly Pod RunningPod = new()
    {
        Metadata = new() { Name = "web", Namespace = "default" },
        Spec = new() { NodeName = "node-1" },
        Status = new() { Phase = PodPhase.Running },
    };

    [Theory]
    [InlineData("metadata.name=web", true)]
    [InlineData("spec.nodeName=node-1", true)]
    [InlineData("spec.nodeName==node-2", false)]
    [InlineData("status.phase!=Running", false)]
    [InlineData("status.phase=Running,metadata.namespace=default", true)]
    [InlineData("spec.nodeName=", false)]
    public void Matches_PodFields_AsUpstream(string selector, bool matches)
    {
        Assert.Equal(matches, FieldSelector.Parse(selector).Matches(RunningPod));
    }

    [Fact]
    public void Validate_UnsupportedField_NamesTheField()
    {
        var problem = FieldSelector.Parse("spec.containers=x").Validate(Kinds.Pod);

        Assert.Equal("field label not supported: spec.containers", problem);
    }
}
