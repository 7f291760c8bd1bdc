using OrleansKube.Manifests.Validation;

namespace OrleansKube.Tests.Manifests;

/// <summary>Field paths as errors print them; the recent ones are kept, and what is kept must never be another path.</summary>
public class FieldPathTests
{
    [Fact]
    public void ChildAndIndex_PrintUpstreamsForm()
    {
        Assert.Equal("spec", FieldPath.Child("", "spec"));
        Assert.Equal("spec.containers", FieldPath.Child("spec", "containers"));
        Assert.Equal("spec.containers[0]", FieldPath.Index("spec.containers", 0));
        Assert.Equal("resources.requests[nvidia.com/gpu]", FieldPath.Child("resources.requests", "nvidia.com/gpu"));
    }

    [Fact]
    public void ManyPathsAskedAgainAndAgain_EachIsItsOwn_BeyondWhatTheTableHolds()
    {
        // Far more distinct (parent, child) and (parent, index) pairs than the table's slots, asked twice in a row:
        // colliding pairs share slots, and each answer must still be its own path.
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 10_000; i++)
            {
                var parent = $"spec.containers[{i % 97}].env";
                Assert.Equal($"{parent}.name{i}", FieldPath.Child(parent, $"name{i}"));
                Assert.Equal($"{parent}[{i}]", FieldPath.Index(parent, i));
            }
        }

        // The same parent as a child and as an index never answer for each other.
        Assert.Equal("a.b", FieldPath.Child("a", "b"));
        Assert.Equal("a[0]", FieldPath.Index("a", 0));
        Assert.Equal("a.b", FieldPath.Child("a", "b"));
    }
}
