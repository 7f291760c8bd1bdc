using OrleansKube.Control.Store;

namespace OrleansKube.Tests.Store;

/// <summary>Upstream's ServiceAccount admission of a new pod: the default name, the refusal of a missing one, mirror pods left alone.</summary>
public class ServiceAccountAdmissionTests
{
    private static Pod Pod(string? serviceAccountName = null, string? deprecated = null, bool mirror = false) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = "web",
            Namespace = "shop",
            Annotations = mirror ? new() { ["kubernetes.io/config.mirror"] = "abc" } : null,
        },
        Spec = new PodSpec { Containers = [new Container { Name = "app", Image = "nginx" }], ServiceAccountName = serviceAccountName, ServiceAccount = deprecated },
    };

    [Theory]
    [InlineData(null, null, "default")]
    [InlineData("builder", null, "builder")]
    [InlineData(null, "legacy", "legacy")]
    [InlineData("builder", "legacy", "builder")]
    public void Admit_SetsBothFieldsToTheAccountThePodRunsAs(string? name, string? deprecated, string expected)
    {
        var pod = Pod(name, deprecated);

        Assert.Null(ServiceAccountAdmission.Admit(pod, _ => true));
        Assert.Equal((expected, expected), (pod.Spec.ServiceAccountName, pod.Spec.ServiceAccount));
    }

    [Fact]
    public void Admit_RefusesAPodNamingAMissingAccount_AsForbidden_WithUpstreamsMessage()
    {
        var refused = ServiceAccountAdmission.Admit(Pod("builder"), name => name == "default");

        Assert.Equal(ApiErrorReason.Forbidden, refused!.Reason);
        Assert.Equal("pods \"web\" is forbidden: error looking up service account shop/builder: serviceaccount \"builder\" not found", refused.Message);
        Assert.Equal("pods \"web\" is forbidden: error looking up service account shop/default: serviceaccount \"default\" not found", ServiceAccountAdmission.Admit(Pod(), _ => false)!.Message);
    }

    [Fact]
    public void Admit_LeavesMirrorPodsAsTheyAre()
    {
        var pod = Pod(mirror: true);

        Assert.Null(ServiceAccountAdmission.Admit(pod, _ => false));
        Assert.Null(pod.Spec.ServiceAccountName);
    }

    [Fact]
    public void KeepAdmitted_AnUpdateLeavingItOut_KeepsTheAdmittedAccount_OneNamingIt_Wins()
    {
        var stored = Pod("builder", "builder");
        var update = Pod();
        ServiceAccountAdmission.KeepAdmitted(stored, update);
        Assert.Equal(("builder", "builder"), (update.Spec.ServiceAccountName, update.Spec.ServiceAccount));

        var renamed = Pod("other");
        ServiceAccountAdmission.KeepAdmitted(stored, renamed);
        Assert.Equal("other", renamed.Spec.ServiceAccountName);
    }
}
