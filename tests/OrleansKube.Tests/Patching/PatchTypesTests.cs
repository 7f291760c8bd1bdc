using OrleansKube.Manifests.Patching;

namespace OrleansKube.Tests.Patching;

public class PatchTypesTests
{
    [Theory]
    [InlineData("application/json-patch+json", PatchType.JsonPatch)]
    [InlineData("application/merge-patch+json", PatchType.MergePatch)]
    [InlineData("application/strategic-merge-patch+json; charset=utf-8", PatchType.StrategicMergePatch)]
    [InlineData(" Application/Apply-Patch+YAML ;charset=UTF-8", PatchType.Apply)]
    public void FromContentType_PatchTypeWithOrWithoutParameters_IsRecognised(string contentType, PatchType expected) =>
        Assert.Equal(expected, PatchTypes.FromContentType(contentType));

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/vnd.kubernetes.protobuf")]
    [InlineData("")]
    [InlineData(null)]
    public void FromContentType_OtherTypes_AreNotPatchTypes(string? contentType) =>
        Assert.Null(PatchTypes.FromContentType(contentType));

    [Fact]
    public void ContentType_OfEachType_ReadsBackAsThatType() =>
        Assert.All(Enum.GetValues<PatchType>(), t => Assert.Equal(t, PatchTypes.FromContentType(t.ContentType())));
}
