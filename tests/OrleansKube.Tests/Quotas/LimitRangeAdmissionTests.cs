using OrleansKube.Control.Store;
using static OrleansKube.Tests.Quotas.QuotaObjects;

namespace OrleansKube.Tests.Quotas;

public class LimitRangeAdmissionTests
{
    public sealed record CheckCase(string Sentence, LimitRangeItem Item, Func<KubeObject> Object, string? Expected)
    {
        public override string ToString() => Sentence;
    }

    private static LimitRangeItem Item(LimitType type, string? min = null, string? max = null, string? ratio = null) =>
        new() { Type = type, Min = Amounts(min), Max = Amounts(max), MaxLimitRequestRatio = Amounts(ratio) };

    public static TheoryData<CheckCase> CheckCases() =>
    [
        new CheckCase("a container within min and max is admitted", Item(LimitType.Container, "cpu=100m", "cpu=1"),
            () => Pod("x", "cpu=200m", "cpu=500m"), null),
        new CheckCase("a request under the min is refused", Item(LimitType.Container, min: "cpu=100m"),
            () => Pod("x", "cpu=50m", "cpu=200m"), "pods \"x\" is forbidden: minimum cpu usage per Container is 100m, but request is 50m"),
        new CheckCase("a limit over the max is refused", Item(LimitType.Container, max: "memory=1Gi"),
            () => Pod("x", "memory=512Mi", "memory=2Gi"), "pods \"x\" is forbidden: maximum memory usage per Container is 1Gi, but limit is 2Gi"),
        new CheckCase("several violations are listed together in brackets", Item(LimitType.Container, "cpu=100m", "memory=1Gi"),
            () => Pod("x", "cpu=50m,memory=512Mi", "cpu=200m,memory=2Gi"),
            "pods \"x\" is forbidden: [minimum cpu usage per Container is 100m, but request is 50m, maximum memory usage per Container is 1Gi, but limit is 2Gi]"),
        new CheckCase("a max without a limit is refused", Item(LimitType.Container, max: "cpu=1"),
            () => Pod("x", "cpu=500m"), "pods \"x\" is forbidden: maximum cpu usage per Container is 1.  No limit is specified"),
        new CheckCase("a min without a request is refused", Item(LimitType.Container, min: "cpu=100m"),
            () => Pod("x"), "pods \"x\" is forbidden: minimum cpu usage per Container is 100m.  No request is specified"),
        new CheckCase("a limit to request ratio over the max is refused", Item(LimitType.Container, ratio: "cpu=2"),
            () => Pod("x", "cpu=100m", "cpu=500m"), "pods \"x\" is forbidden: cpu max limit to request ratio per Container is 2, but provided ratio is 5.000000"),
        new CheckCase("the pod item holds the containers' sum", Item(LimitType.Pod, max: "cpu=1"),
            () => TwoContainers(), "pods \"x\" is forbidden: maximum cpu usage per Pod is 1, but limit is 1200m"),
        new CheckCase("a claim over the max storage is refused", Item(LimitType.PersistentVolumeClaim, "storage=1Gi", "storage=5Gi"),
            () => Claim("10Gi"), "persistentvolumeclaims \"data\" is forbidden: maximum storage usage per PersistentVolumeClaim is 5Gi, but request is 10Gi"),
        new CheckCase("a claim under the min storage is refused", Item(LimitType.PersistentVolumeClaim, "storage=1Gi"),
            () => Claim("500Mi"), "persistentvolumeclaims \"data\" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi"),
        new CheckCase("a claim item does not apply to pods", Item(LimitType.PersistentVolumeClaim, max: "storage=1Gi"),
            () => Pod("x"), null),
    ];

    [Theory]
    [MemberData(nameof(CheckCases))]
    public void Admit_ChecksEveryItem_WithUpstreamsMessage(CheckCase c)
    {
        Assert.Equal(c.Expected, LimitRangeAdmission.Admit(c.Object(), [Range(c.Item)])?.Message);
    }

    [Fact]
    public void Admit_ContainerWithoutResources_GetsDefaultsAndTheAnnotation()
    {
        var pod = Pod("x");
        var range = Range(new LimitRangeItem { Type = LimitType.Container, Default = Amounts("cpu=500m,memory=256Mi"), DefaultRequest = Amounts("cpu=100m,memory=128Mi") });

        Assert.Null(LimitRangeAdmission.Admit(pod, [range]));

        var resources = pod.Spec.Containers[0].Resources!;
        Assert.Equal((Quantity.Parse("100m"), Quantity.Parse("128Mi")), (resources.Requests!["cpu"], resources.Requests["memory"]));
        Assert.Equal((Quantity.Parse("500m"), Quantity.Parse("256Mi")), (resources.Limits!["cpu"], resources.Limits["memory"]));
        Assert.Equal("LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app", pod.Metadata.Annotations![LimitRangeAdmission.Annotation]);
    }

    [Fact]
    public void Admit_StatedValuesAreKept_OnlyMissingOnesDefaulted()
    {
        var pod = Pod("x", "cpu=200m", "cpu=1");
        var range = Range(new LimitRangeItem { Type = LimitType.Container, Default = Amounts("cpu=500m,memory=256Mi"), DefaultRequest = Amounts("cpu=100m,memory=128Mi") });

        Assert.Null(LimitRangeAdmission.Admit(pod, [range]));

        Assert.Equal(Quantity.Parse("200m"), pod.Spec.Containers[0].Resources!.Requests!["cpu"]);
        Assert.Equal("LimitRanger plugin set: memory request for container app; memory limit for container app", pod.Metadata.Annotations![LimitRangeAdmission.Annotation]);
    }

    [Fact]
    public void Admit_DefaultsComeFirst_SoADefaultOverTheMaxIsRefused()
    {
        var range = Range(new LimitRangeItem { Type = LimitType.Container, Max = Amounts("cpu=1"), Default = Amounts("cpu=2") });

        Assert.Equal("pods \"x\" is forbidden: maximum cpu usage per Container is 1, but limit is 2", LimitRangeAdmission.Admit(Pod("x"), [range])?.Message);
    }

    [Fact]
    public void Defaults_ContainerItem_DefaultIsTheMax_DefaultRequestTheDefaultElseTheMin()
    {
        var range = Range(new LimitRangeItem { Type = LimitType.Container, Max = Amounts("cpu=2"), Min = Amounts("memory=64Mi") });

        OrleansKube.Manifests.Defaulting.ObjectDefaults.Apply(range);

        var item = range.Spec!.Limits[0];
        Assert.Equal(Quantity.Parse("2"), item.Default!["cpu"]);
        Assert.Equal((Quantity.Parse("2"), Quantity.Parse("64Mi")), (item.DefaultRequest!["cpu"], item.DefaultRequest["memory"]));
        Assert.False(item.Default.ContainsKey("memory"));
    }

    [Fact]
    public void Admit_NoRanges_ChangesNothing()
    {
        var pod = Pod("x");

        Assert.Null(LimitRangeAdmission.Admit(pod, []));

        Assert.Null(pod.Spec.Containers[0].Resources);
        Assert.Null(pod.Metadata.Annotations);
    }

    private static Pod TwoContainers()
    {
        var pod = Pod("x", "cpu=100m", "cpu=600m");
        pod.Spec.Containers.Add(Container("sidecar", "cpu=100m", "cpu=600m"));
        return pod;
    }

    private static PersistentVolumeClaim Claim(string storage) => new()
    {
        Metadata = new ObjectMeta { Name = "data", Namespace = "ns" },
        Spec = new PersistentVolumeClaimSpec { Resources = new VolumeResourceRequirements { Requests = Amounts("storage=" + storage) } },
    };
}
