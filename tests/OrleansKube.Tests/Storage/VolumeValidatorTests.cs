using OrleansKube.Manifests.Validation;
using static OrleansKube.Tests.Storage.VolumeWorld;

namespace OrleansKube.Tests.Storage;

/// <summary>Upstream's ValidatePersistentVolume and ValidateStorageClass messages.</summary>
public class VolumeValidatorTests
{
    [Fact]
    public void Validate_CompleteVolumeAndClass_HaveNoErrors()
    {
        Assert.Empty(ObjectValidator.Validate(Volume("pv-1")));
        Assert.Empty(ObjectValidator.Validate(Class("fast")));
    }

    [Fact]
    public void Validate_VolumeWithoutModesCapacityOrSource_NamesEachField()
    {
        var volume = Volume("pv-1");
        volume.Spec = new PersistentVolumeSpec();

        var errors = ObjectValidator.Validate(volume).Select(e => e.ToString());

        Assert.Equal(["spec.accessModes: Required value", "spec.capacity: Required value", "spec: Required value: must specify a volume type"], errors);
    }

    [Fact]
    public void Validate_VolumeWithTwoSources_IsForbidden()
    {
        var volume = Volume("pv-1");
        volume.Spec!.Local = new LocalVolumeSource { Path = "/mnt/disk" };

        Assert.Equal(["spec.local: Forbidden: may not specify more than 1 volume type"], ObjectValidator.Validate(volume).Select(e => e.ToString()));
    }

    [Fact]
    public void Validate_ClassWithoutProvisionerOrWithRecycle_NamesEachField()
    {
        var storageClass = Class("fast", provisioner: "", policy: PersistentVolumeReclaimPolicy.Recycle);

        Assert.Equal(["provisioner: Required value", "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\""],
            ObjectValidator.Validate(storageClass).Select(e => e.ToString()));
    }
}
