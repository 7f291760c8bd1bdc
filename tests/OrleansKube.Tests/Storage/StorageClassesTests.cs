using OrleansKube.Control.Storage;
using static OrleansKube.Tests.Storage.VolumeWorld;

namespace OrleansKube.Tests.Storage;

/// <summary>Upstream's DefaultStorageClass admission and the bootstrap's class.</summary>
public class StorageClassesTests
{
    private static readonly DateTimeOffset Then = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Admit_ClaimWithoutClass_GetsTheNewestDefault()
    {
        var claim = Claim(storageClass: null);

        StorageClasses.Admit(claim, [Class("old", isDefault: true, created: Then), Class("new", isDefault: true, created: Then.AddDays(1)), Class("other", created: Then.AddDays(2))]);

        Assert.Equal("new", claim.Spec?.StorageClassName);
    }

    [Fact]
    public void Admit_ClaimNamingAClassOrTheEmptyClass_IsLeftAlone()
    {
        var named = Claim(storageClass: "fast");
        var empty = Claim(storageClass: "");

        StorageClasses.Admit(named, [Class("standard", isDefault: true)]);
        StorageClasses.Admit(empty, [Class("standard", isDefault: true)]);

        Assert.Equal(("fast", ""), (named.Spec?.StorageClassName, empty.Spec?.StorageClassName));
    }

    [Fact]
    public void Admit_NoDefaultClass_LeavesTheClassUnset()
    {
        var claim = Claim(storageClass: null);

        StorageClasses.Admit(claim, [Class("fast")]);

        Assert.Null(claim.Spec?.StorageClassName);
    }

    [Fact]
    public void DefaultClass_IsTheSimulatedWaitForFirstConsumerDefault()
    {
        var standard = StorageClasses.DefaultClass;

        Assert.Equal(("standard", "orleanskube.io/simulated", Model.Storage.VolumeBindingMode.WaitForFirstConsumer, PersistentVolumeReclaimPolicy.Delete),
            (standard.Metadata.Name, standard.Provisioner, standard.VolumeBindingMode, standard.ReclaimPolicy));
        Assert.True(StorageClasses.IsDefault(standard));
    }
}
